import { sql, type Expression, type SqlBool, type Insertable, type Selectable, type Updateable } from 'kysely';
import type { CaseStatus } from '../../domain/cases/case-lifecycle.js';
import type { CaseLevel } from '../../domain/cases/levels.js';
import type { Executor } from '../db.js';
import type { AssetsTable, CaseCompensationsTable, CaseExchangesTable } from '../schema.js';

export type AssetRow = Selectable<AssetsTable>;
export type CaseExchangeRow = Selectable<CaseExchangesTable>;
export type CaseCompensationRow = Selectable<CaseCompensationsTable>;
export type NewAsset = Insertable<AssetsTable>;

export async function insertAsset(executor: Executor, row: NewAsset): Promise<void> {
  await executor.insertInto('assets').values(row).execute();
}

/** One statement per batch: both dialects bind at most a few thousand values comfortably. */
export const ASSET_INSERT_BATCH = 500;

export async function insertAssets(executor: Executor, rows: NewAsset[]): Promise<void> {
  for (let start = 0; start < rows.length; start += ASSET_INSERT_BATCH) {
    await executor
      .insertInto('assets')
      .values(rows.slice(start, start + ASSET_INSERT_BATCH))
      .execute();
  }
}

export async function updateAsset(executor: Executor, id: string, changes: Updateable<AssetsTable>): Promise<void> {
  await executor.updateTable('assets').set(changes).where('id', '=', id).execute();
}

export async function findAssetById(executor: Executor, id: string): Promise<AssetRow | undefined> {
  return executor.selectFrom('assets').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * Serial numbers are found and kept unique regardless of letter case (`nwh-usg-0003` is `NWH-USG-0003`): both sides
 * are compared through `upper()`, the expression the indexes of migration 0012 are built on, so the comparison uses
 * them on both databases. SQLite's `upper()` folds A–Z only; PostgreSQL's folds every letter.
 */
export function sameSerial(column: string, serialNumber: string): Expression<boolean> {
  return sql<boolean>`upper(${sql.ref(column)}) = upper(${serialNumber})`;
}

export function serialAmong(column: string, serialNumbers: string[]): Expression<boolean> {
  return sql<boolean>`upper(${sql.ref(column)}) in (${sql.join(serialNumbers.map((serial) => sql`upper(${serial})`))})`;
}

/** The key a serial number is compared by in JavaScript (maps of found products). */
export function serialKey(serialNumber: string): string {
  return serialNumber.toUpperCase();
}

export async function findAssetBySerial(executor: Executor, serialNumber: string): Promise<AssetRow | undefined> {
  return executor.selectFrom('assets').selectAll().where(sameSerial('serial_number', serialNumber)).executeTakeFirst();
}

/** The serial numbers among `serials` that are already on record (in any letter case), keyed by `serialKey`. */
export async function findExistingSerials(
  executor: Executor,
  serials: string[],
): Promise<Map<string, Pick<AssetRow, 'id' | 'serial_number' | 'organization_id' | 'status'>>> {
  const found = new Map<string, Pick<AssetRow, 'id' | 'serial_number' | 'organization_id' | 'status'>>();
  for (let start = 0; start < serials.length; start += ASSET_INSERT_BATCH) {
    const rows = await executor
      .selectFrom('assets')
      .select(['id', 'serial_number', 'organization_id', 'status'])
      .where(serialAmong('serial_number', serials.slice(start, start + ASSET_INSERT_BATCH)))
      .execute();
    for (const row of rows) found.set(serialKey(row.serial_number), row);
  }
  return found;
}

export async function listAssets(
  executor: Executor,
  filter: {
    organizationId?: string;
    projectId?: string;
    serialNumber?: string;
    vendorId?: string;
    text?: string;
    afterId?: string;
    limit: number;
  },
): Promise<AssetRow[]> {
  let query = executor
    .selectFrom('assets')
    .selectAll()
    .orderBy('id')
    .limit(filter.limit + 1);
  if (filter.organizationId) query = query.where('organization_id', '=', filter.organizationId);
  if (filter.projectId) query = query.where('project_id', '=', filter.projectId);
  if (filter.serialNumber) query = query.where(sameSerial('serial_number', filter.serialNumber));
  if (filter.vendorId) query = query.where('vendor_id', '=', filter.vendorId);
  if (filter.text) {
    const pattern = `%${filter.text.toLowerCase()}%`;
    query = query.where((eb) =>
      eb.or([eb(eb.fn('lower', ['model']), 'like', pattern), eb(eb.fn('lower', ['serial_number']), 'like', pattern)]),
    );
  }
  if (filter.afterId) query = query.where('id', '>', filter.afterId);
  return query.execute();
}

export async function listAssetsOfProject(executor: Executor, projectId: string): Promise<AssetRow[]> {
  return executor.selectFrom('assets').selectAll().where('project_id', '=', projectId).orderBy('id').execute();
}

/** Serial numbers of the products in service in a project, at most `limit`. */
/**
 * Whether a project's yearly check has something to look at: a product in service at a site not retired (a product
 * named at no site, or at one not on record, counts), or no product at all (the check is of the project). SQL of a
 * project id expression, for the month's list of checks.
 */
export function projectCheckable(projectId: Expression<string>) {
  return sql<SqlBool>`(exists (select 1 from assets a where a.project_id = ${projectId} and a.status = 'in-service' and ${notAtRetiredSite(sql.ref('a.organization_id'), sql.ref('a.site'))}) or not exists (select 1 from assets a where a.project_id = ${projectId}))`;
}

function notAtRetiredSite(organizationId: Expression<string>, site: Expression<string | null>) {
  return sql<SqlBool>`not exists (select 1 from sites s where s.organization_id = ${organizationId} and s.name = ${site} and s.retired_at is not null)`;
}

export async function projectHasProducts(executor: Executor, projectId: string): Promise<boolean> {
  return (await executor.selectFrom('assets').select('id').where('project_id', '=', projectId).limit(1).executeTakeFirst()) !== undefined;
}

/** Serial numbers of a project's products a yearly check looks at: in service, at a site that is not retired. */
export async function listInServiceSerials(executor: Executor, projectId: string, limit: number): Promise<string[]> {
  const rows = await executor
    .selectFrom('assets')
    .select('serial_number')
    .where('project_id', '=', projectId)
    .where('status', '=', 'in-service')
    .where(notAtRetiredSite(sql.ref('assets.organization_id'), sql.ref('assets.site')))
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((row) => row.serial_number);
}

export interface ProductCaseRow {
  id: string;
  number: string;
  organization_id: string;
  title: string;
  level: CaseLevel;
  kind: string;
  status: CaseStatus;
  billing: string | null;
  received_at: string;
  resolved_at: string | null;
}

/** Every case that named the serial number, newest first (the product's case history). */
export async function listCasesOfSerial(executor: Executor, serialNumber: string): Promise<ProductCaseRow[]> {
  return executor
    .selectFrom('case_serial_numbers as s')
    .innerJoin('cases as c', 'c.id', 's.case_id')
    .select([
      'c.id',
      'c.number',
      'c.organization_id',
      'c.title',
      'c.level',
      'c.kind',
      'c.status',
      'c.billing',
      'c.received_at',
      'c.resolved_at',
    ])
    .where(sameSerial('s.serial_number', serialNumber))
    .orderBy('c.received_at', 'desc')
    .orderBy('c.id', 'desc')
    .execute();
}

export async function insertCaseExchange(executor: Executor, row: Insertable<CaseExchangesTable>): Promise<void> {
  await executor.insertInto('case_exchanges').values(row).execute();
}

export async function listExchangesOfCase(executor: Executor, caseId: string): Promise<CaseExchangeRow[]> {
  return executor.selectFrom('case_exchanges').selectAll().where('case_id', '=', caseId).orderBy('id').execute();
}

/** Exchanges a product took part in, as the old or the new one. */
export async function listExchangesOfAsset(executor: Executor, assetId: string): Promise<CaseExchangeRow[]> {
  return executor
    .selectFrom('case_exchanges')
    .selectAll()
    .where((eb) => eb.or([eb('old_asset_id', '=', assetId), eb('new_asset_id', '=', assetId)]))
    .orderBy('id')
    .execute();
}

export async function insertCaseCompensation(executor: Executor, row: Insertable<CaseCompensationsTable>): Promise<void> {
  await executor.insertInto('case_compensations').values(row).execute();
}

export async function listCompensationsOfCase(executor: Executor, caseId: string): Promise<CaseCompensationRow[]> {
  return executor.selectFrom('case_compensations').selectAll().where('case_id', '=', caseId).orderBy('id').execute();
}
