import { stringify } from 'csv-stringify/sync';
import type { Actor } from '../../domain/access/permissions.js';
import { mayExport } from '../../domain/access/policies/data-transfer.js';
import type { Executor } from '../../storage/db.js';
import type { ServiceContext } from '../context.js';
import { forbidden } from '../errors.js';
import { COLUMNS, type ImportKind } from './csv-columns.js';

const PAGE = 1000;

/** An organisation as files name it: its code when it has one (unique), else its name. */
const organizationRef = (row: { organization_code: string | null; organization_name: string }) =>
  row.organization_code ?? row.organization_name;

async function organizationRows(executor: Executor, afterId: string, organizationId?: string): Promise<{ id: string; cells: string[] }[]> {
  let query = executor
    .selectFrom('organizations as o')
    .select(['o.id', 'o.name', 'o.code', 'o.notes'])
    .select((eb) => [
      eb.selectFrom('sites as s').select('s.name').whereRef('s.organization_id', '=', 'o.id').orderBy('s.id').limit(1).as('site'),
      eb
        .selectFrom('sites as s')
        .select('s.address')
        .whereRef('s.organization_id', '=', 'o.id')
        .orderBy('s.id')
        .limit(1)
        .as('site_address'),
      eb
        .selectFrom('contacts as c')
        .select('c.name')
        .whereRef('c.organization_id', '=', 'o.id')
        .orderBy('c.id')
        .limit(1)
        .as('contact_name'),
      eb
        .selectFrom('contacts as c')
        .select('c.phone')
        .whereRef('c.organization_id', '=', 'o.id')
        .orderBy('c.id')
        .limit(1)
        .as('contact_phone'),
      eb
        .selectFrom('contacts as c')
        .select('c.email')
        .whereRef('c.organization_id', '=', 'o.id')
        .orderBy('c.id')
        .limit(1)
        .as('contact_email'),
    ])
    .where('o.id', '>', afterId)
    .orderBy('o.id')
    .limit(PAGE);
  if (organizationId) query = query.where('o.id', '=', organizationId);
  const rows = await query.execute();
  return rows.map((row) => ({
    id: row.id,
    cells: [
      row.name,
      row.code ?? '',
      row.notes ?? '',
      row.site ?? '',
      row.site_address ?? '',
      row.contact_name ?? '',
      row.contact_phone ?? '',
      row.contact_email ?? '',
    ],
  }));
}

async function contactRows(executor: Executor, afterId: string, organizationId?: string): Promise<{ id: string; cells: string[] }[]> {
  let query = executor
    .selectFrom('contacts as c')
    .innerJoin('organizations as o', 'o.id', 'c.organization_id')
    .leftJoin('sites as s', 's.id', 'c.site_id')
    .select([
      'c.id',
      'c.name',
      'c.phone',
      'c.email',
      'c.language',
      'o.name as organization_name',
      'o.code as organization_code',
      's.name as site_name',
    ])
    .where('c.id', '>', afterId)
    .orderBy('c.id')
    .limit(PAGE);
  if (organizationId) query = query.where('c.organization_id', '=', organizationId);
  const rows = await query.execute();
  return rows.map((row) => ({
    id: row.id,
    cells: [organizationRef(row), row.name, row.phone ?? '', row.email ?? '', row.site_name ?? '', row.language],
  }));
}

async function projectRows(executor: Executor, afterId: string, organizationId?: string): Promise<{ id: string; cells: string[] }[]> {
  let query = executor
    .selectFrom('projects as p')
    .innerJoin('organizations as o', 'o.id', 'p.organization_id')
    .leftJoin('departments as d', 'd.id', 'p.implementing_department_id')
    .select([
      'p.id',
      'p.name',
      'p.delivered_at',
      'p.guarantee_ends_at',
      'p.sites_json',
      'p.notes',
      'o.name as organization_name',
      'o.code as organization_code',
      'd.name as department_name',
    ])
    .where('p.id', '>', afterId)
    .orderBy('p.id')
    .limit(PAGE);
  if (organizationId) query = query.where('p.organization_id', '=', organizationId);
  const rows = await query.execute();
  return rows.map((row) => ({
    id: row.id,
    cells: [
      organizationRef(row),
      row.name,
      row.delivered_at,
      row.guarantee_ends_at,
      row.department_name ?? '',
      (JSON.parse(row.sites_json) as string[]).join('; '),
      row.notes ?? '',
    ],
  }));
}

async function productRows(executor: Executor, afterId: string, organizationId?: string): Promise<{ id: string; cells: string[] }[]> {
  let query = executor
    .selectFrom('assets as a')
    .innerJoin('organizations as o', 'o.id', 'a.organization_id')
    .innerJoin('vendors as v', 'v.id', 'a.vendor_id')
    .leftJoin('projects as p', 'p.id', 'a.project_id')
    .select([
      'a.id',
      'a.model',
      'a.serial_number',
      'a.software_version',
      'a.site',
      'a.notes',
      'o.name as organization_name',
      'o.code as organization_code',
      'v.name as vendor_name',
      'p.name as project_name',
    ])
    .where('a.id', '>', afterId)
    .orderBy('a.id')
    .limit(PAGE);
  if (organizationId) query = query.where('a.organization_id', '=', organizationId);
  const rows = await query.execute();
  return rows.map((row) => ({
    id: row.id,
    cells: [
      organizationRef(row),
      row.project_name ?? '',
      row.vendor_name,
      row.model,
      row.serial_number,
      row.software_version ?? '',
      row.site ?? '',
      row.notes ?? '',
    ],
  }));
}

async function contractRows(executor: Executor, afterId: string, organizationId?: string): Promise<{ id: string; cells: string[] }[]> {
  let query = executor
    .selectFrom('contracts as k')
    .innerJoin('organizations as o', 'o.id', 'k.organization_id')
    .leftJoin('departments as d', 'd.id', 'k.default_department_id')
    .select([
      'k.id',
      'k.number',
      'k.starts_at',
      'k.ends_at',
      'k.services_json',
      'k.notes',
      'o.name as organization_name',
      'o.code as organization_code',
      'd.name as department_name',
    ])
    .where('k.id', '>', afterId)
    .orderBy('k.id')
    .limit(PAGE);
  if (organizationId) query = query.where('k.organization_id', '=', organizationId);
  const rows = await query.execute();
  const coverage =
    rows.length === 0
      ? []
      : await executor
          .selectFrom('contract_coverage as c')
          .leftJoin('projects as p', 'p.id', 'c.project_id')
          .select(['c.contract_id', 'c.serial_number', 'p.name as project_name'])
          .where(
            'c.contract_id',
            'in',
            rows.map((row) => row.id),
          )
          .orderBy('c.id')
          .execute();
  const listed = (contractId: string, pick: (item: (typeof coverage)[number]) => string | null) =>
    coverage
      .filter((item) => item.contract_id === contractId)
      .map(pick)
      .filter((value): value is string => value !== null)
      .join('; ');
  return rows.map((row) => ({
    id: row.id,
    cells: [
      organizationRef(row),
      row.number,
      row.starts_at,
      row.ends_at,
      (JSON.parse(row.services_json) as string[]).join('; '),
      listed(row.id, (item) => item.project_name),
      listed(row.id, (item) => item.serial_number),
      row.department_name ?? '',
      row.notes ?? '',
    ],
  }));
}

const READERS: Record<ImportKind, typeof organizationRows> = {
  organizations: organizationRows,
  contacts: contactRows,
  projects: projectRows,
  products: productRows,
  contracts: contractRows,
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
    const rows = await READERS[kind](context.storage.db, afterId, filter.organizationId);
    if (rows.length === 0) return;
    yield stringify(rows.map((row) => row.cells));
    afterId = rows.at(-1)!.id;
    if (rows.length < PAGE) return;
  }
}
