import { stringify } from 'csv-stringify/sync';
import type { Actor } from '../../domain/access/permissions.js';
import { mayExport } from '../../domain/access/policies/data-transfer.js';
import type { Executor } from '../../storage/db.js';
import {
  exportContacts,
  exportContracts,
  exportOrganizations,
  exportProducts,
  exportProjects,
  type ExportPage,
} from '../../storage/repositories/data-transfer.js';
import type { ServiceContext } from '../context.js';
import { forbidden } from '../errors.js';
import { COLUMNS, type ImportKind } from './csv-columns.js';

const PAGE = 1000;

/** An organisation as files name it: its code when it has one (unique), else its name. */
const organizationRef = (row: { organization_code: string | null; organization_name: string }) =>
  row.organization_code ?? row.organization_name;

type Reader = (executor: Executor, page: ExportPage) => Promise<{ id: string; cells: string[] }[]>;

/** A kind's export: the repository's page of rows, and each row's cells in the order of `COLUMNS[kind]`. */
const exported =
  <Row extends { id: string }>(read: (executor: Executor, page: ExportPage) => Promise<Row[]>, cells: (row: Row) => string[]): Reader =>
  async (executor, page) =>
    (await read(executor, page)).map((row) => ({ id: row.id, cells: cells(row) }));

const listed = (items: string[]) => items.join('; ');
const jsonList = (json: string) => listed(JSON.parse(json) as string[]);

const READERS: Record<ImportKind, Reader> = {
  organizations: exported(exportOrganizations, (row) => [
    row.name,
    row.code ?? '',
    row.notes ?? '',
    row.site ?? '',
    row.site_address ?? '',
    row.contact_name ?? '',
    row.contact_phone ?? '',
    row.contact_email ?? '',
  ]),
  contacts: exported(exportContacts, (row) => [
    organizationRef(row),
    row.name,
    row.role_at_customer ?? '',
    row.phone ?? '',
    row.second_phone ?? '',
    row.email ?? '',
    row.site_name ?? '',
    row.language,
  ]),
  projects: exported(exportProjects, (row) => [
    organizationRef(row),
    row.name,
    row.delivered_at,
    row.guarantee_ends_at,
    row.department_name ?? '',
    jsonList(row.sites_json),
    row.notes ?? '',
  ]),
  products: exported(exportProducts, (row) => [
    organizationRef(row),
    row.project_name ?? '',
    row.vendor_name,
    row.model,
    row.serial_number,
    row.software_version ?? '',
    row.site ?? '',
    row.notes ?? '',
  ]),
  contracts: exported(exportContracts, (row) => [
    organizationRef(row),
    row.number,
    row.starts_at,
    row.ends_at,
    jsonList(row.services_json),
    listed(row.project_names),
    listed(row.serial_numbers),
    row.department_name ?? '',
    row.notes ?? '',
  ]),
};

/**
 * The data of one kind as CSV, in the columns its import reads (an exported file imports again), produced page by
 * page so a large export never sits in memory whole. Organisations carry their first site and contact. Access is
 * decided before the first page, so a refused caller gets an error, not a broken download.
 */
export function exportCsv(
  context: ServiceContext,
  actor: Actor,
  kind: ImportKind,
  filter: { organizationId?: string } = {},
): AsyncGenerator<string> {
  if (!mayExport(actor)) throw forbidden();
  return csvPages(context, kind, filter);
}

async function* csvPages(context: ServiceContext, kind: ImportKind, filter: { organizationId?: string }): AsyncGenerator<string> {
  yield stringify([COLUMNS[kind].map((column) => column.name)]);
  let afterId = '';
  for (;;) {
    const rows = await READERS[kind](context.storage.db, { afterId, limit: PAGE, organizationId: filter.organizationId });
    if (rows.length === 0) return;
    yield stringify(rows.map((row) => row.cells));
    afterId = rows.at(-1)!.id;
    if (rows.length < PAGE) return;
  }
}
