import { sql, type SelectQueryBuilder } from 'kysely';
import type { Executor } from '../db.js';
import type { DepartmentRow } from './departments.js';
import type { NewContact, NewOrganization, NewSite, OrganizationRow, SiteRow } from './organizations.js';
import type { NewContract } from './contracts.js';
import { listProjectNames, type ProjectRow } from './projects.js';

/**
 * The reads and writes of the CSV import and export (`services/delivered-systems/import-csv.ts`, `export-csv.ts`):
 * lookups by the names and codes files use, batched inserts, and the export's pages in the columns the import reads.
 */

/** Bounded batches: both dialects bind a few thousand values per statement comfortably. */
const LOOKUP_BATCH = 500;

/** Reads for many keys, a bounded batch at a time. */
async function inBatches<Key, Row>(keys: Key[], read: (batch: Key[]) => Promise<Row[]>): Promise<Row[]> {
  const rows: Row[] = [];
  for (let start = 0; start < keys.length; start += LOOKUP_BATCH) rows.push(...(await read(keys.slice(start, start + LOOKUP_BATCH))));
  return rows;
}

/** Every organisation's id, code and name, as files name organisations, and whether it is retired. */
export async function listOrganizationNames(executor: Executor): Promise<Pick<OrganizationRow, 'id' | 'code' | 'name' | 'retired_at'>[]> {
  return executor.selectFrom('organizations').select(['id', 'code', 'name', 'retired_at']).execute();
}

/** The organisation codes among `codes` that are on record already. */
export async function findTakenOrganizationCodes(executor: Executor, codes: string[]): Promise<Set<string>> {
  const found = await inBatches(codes, (batch) => executor.selectFrom('organizations').select('code').where('code', 'in', batch).execute());
  return new Set(found.flatMap((row) => (row.code ? [row.code] : [])));
}

/** The contract numbers among `numbers` that are on record already. */
export async function findTakenContractNumbers(executor: Executor, numbers: string[]): Promise<Set<string>> {
  const found = await inBatches(numbers, (batch) =>
    executor.selectFrom('contracts').select('number').where('number', 'in', batch).execute(),
  );
  return new Set(found.map((row) => row.number));
}

/** The countries of some organisations (their contacts' phone numbers are read there). */
export async function findOrganizationCountries(executor: Executor, organizationIds: string[]): Promise<Map<string, string>> {
  const found = await inBatches(organizationIds, (batch) =>
    executor.selectFrom('organizations').select(['id', 'country']).where('id', 'in', batch).execute(),
  );
  return new Map(found.map((row) => [row.id, row.country]));
}

/** The sites of some organisations, by name, and whether each is retired. */
export async function listSiteNames(
  executor: Executor,
  organizationIds: string[],
): Promise<Pick<SiteRow, 'id' | 'organization_id' | 'name' | 'retired_at'>[]> {
  return inBatches(organizationIds, (batch) =>
    executor.selectFrom('sites').select(['id', 'organization_id', 'name', 'retired_at']).where('organization_id', 'in', batch).execute(),
  );
}

/** The contacts of some organisations that have an e-mail address (an address names one contact of its organisation). */
export async function listContactEmails(
  executor: Executor,
  organizationIds: string[],
): Promise<{ organization_id: string; email: string; name: string }[]> {
  const found = await inBatches(organizationIds, (batch) =>
    executor
      .selectFrom('contacts')
      .select(['organization_id', 'email', 'name'])
      .where('organization_id', 'in', batch)
      .where('email', 'is not', null)
      .orderBy('id')
      .execute(),
  );
  return found.flatMap((row) => (row.email ? [{ organization_id: row.organization_id, email: row.email, name: row.name }] : []));
}

/** The projects of some organisations, by name, and whether each is closed. */
export async function listProjectNamesOf(
  executor: Executor,
  organizationIds: string[],
): Promise<Pick<ProjectRow, 'id' | 'organization_id' | 'name' | 'retired_at'>[]> {
  return inBatches(organizationIds, (batch) => listProjectNames(executor, batch));
}

export async function listDepartmentNames(executor: Executor): Promise<Pick<DepartmentRow, 'id' | 'name'>[]> {
  return executor.selectFrom('departments').select(['id', 'name']).execute();
}

export async function insertOrganizations(executor: Executor, rows: NewOrganization[]): Promise<void> {
  if (rows.length > 0) await executor.insertInto('organizations').values(rows).execute();
}

export async function insertSites(executor: Executor, rows: NewSite[]): Promise<void> {
  if (rows.length > 0) await executor.insertInto('sites').values(rows).execute();
}

export async function insertContacts(executor: Executor, rows: NewContact[]): Promise<void> {
  if (rows.length > 0) await executor.insertInto('contacts').values(rows).execute();
}

export async function insertContracts(executor: Executor, rows: NewContract[]): Promise<void> {
  if (rows.length > 0) await executor.insertInto('contracts').values(rows).execute();
}

/** One page of an export: the rows after `afterId` by id, of one organisation or of all. */
export interface ExportPage {
  afterId: string;
  limit: number;
  organizationId?: string;
}

function inPage<DB, TB extends keyof DB, O>(
  query: SelectQueryBuilder<DB, TB, O>,
  columns: { id: string; organizationId: string },
  page: ExportPage,
): SelectQueryBuilder<DB, TB, O> {
  const paged = query.where(sql.ref(columns.id), '>', page.afterId).orderBy(sql.ref(columns.id)).limit(page.limit);
  return page.organizationId ? paged.where(sql.ref(columns.organizationId), '=', page.organizationId) : paged;
}

/** How files name a record's organisation: its code when it has one (unique), else its name. */
const ORGANIZATION_NAMING = ['o.name as organization_name', 'o.code as organization_code'] as const;

/** Organisations with their first site and first contact. */
export async function exportOrganizations(executor: Executor, page: ExportPage) {
  const query = executor
    .selectFrom('organizations as o')
    .select(['o.id', 'o.name', 'o.code', 'o.notes'])
    .select((eb) => {
      const firstSite = () => eb.selectFrom('sites as s').whereRef('s.organization_id', '=', 'o.id').orderBy('s.id').limit(1);
      const firstContact = () => eb.selectFrom('contacts as c').whereRef('c.organization_id', '=', 'o.id').orderBy('c.id').limit(1);
      return [
        firstSite().select('s.name').as('site'),
        firstSite().select('s.address').as('site_address'),
        firstContact().select('c.name').as('contact_name'),
        firstContact().select('c.phone').as('contact_phone'),
        firstContact().select('c.email').as('contact_email'),
      ];
    });
  return inPage(query, { id: 'o.id', organizationId: 'o.id' }, page).execute();
}

export async function exportContacts(executor: Executor, page: ExportPage) {
  const query = executor
    .selectFrom('contacts as c')
    .innerJoin('organizations as o', 'o.id', 'c.organization_id')
    .leftJoin('sites as s', 's.id', 'c.site_id')
    .select(['c.id', 'c.name', 'c.role_at_customer', 'c.phone', 'c.second_phone', 'c.email', 'c.language', 's.name as site_name'])
    .select(ORGANIZATION_NAMING);
  return inPage(query, { id: 'c.id', organizationId: 'c.organization_id' }, page).execute();
}

export async function exportProjects(executor: Executor, page: ExportPage) {
  const query = executor
    .selectFrom('projects as p')
    .innerJoin('organizations as o', 'o.id', 'p.organization_id')
    .leftJoin('departments as d', 'd.id', 'p.implementing_department_id')
    .select(['p.id', 'p.name', 'p.delivered_at', 'p.guarantee_ends_at', 'p.sites_json', 'p.notes', 'd.name as department_name'])
    .select(ORGANIZATION_NAMING);
  return inPage(query, { id: 'p.id', organizationId: 'p.organization_id' }, page).execute();
}

export async function exportProducts(executor: Executor, page: ExportPage) {
  const query = executor
    .selectFrom('assets as a')
    .innerJoin('organizations as o', 'o.id', 'a.organization_id')
    .innerJoin('vendors as v', 'v.id', 'a.vendor_id')
    .leftJoin('projects as p', 'p.id', 'a.project_id')
    .select(['a.id', 'a.model', 'a.serial_number', 'a.software_version', 'a.site', 'a.notes', 'v.name as vendor_name'])
    .select(['p.name as project_name', ...ORGANIZATION_NAMING]);
  return inPage(query, { id: 'a.id', organizationId: 'a.organization_id' }, page).execute();
}

/** Contracts with what they cover: the names of their projects and the serial numbers of their products. */
export async function exportContracts(executor: Executor, page: ExportPage) {
  const query = executor
    .selectFrom('contracts as k')
    .innerJoin('organizations as o', 'o.id', 'k.organization_id')
    .leftJoin('departments as d', 'd.id', 'k.default_department_id')
    .select(['k.id', 'k.number', 'k.starts_at', 'k.ends_at', 'k.services_json', 'k.notes', 'd.name as department_name'])
    .select(ORGANIZATION_NAMING);
  const rows = await inPage(query, { id: 'k.id', organizationId: 'k.organization_id' }, page).execute();
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
  const covered = (contractId: string, pick: (item: (typeof coverage)[number]) => string | null) =>
    coverage
      .filter((item) => item.contract_id === contractId)
      .map(pick)
      .filter((value): value is string => value !== null);
  return rows.map((row) => ({
    ...row,
    project_names: covered(row.id, (item) => item.project_name),
    serial_numbers: covered(row.id, (item) => item.serial_number),
  }));
}
