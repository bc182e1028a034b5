import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Executor } from '../db.js';
import type { VendorsTable } from '../schema.js';

export type VendorRow = Selectable<VendorsTable>;
export type NewVendor = Insertable<VendorsTable>;

/** The key that makes "Cisco" and " cisco" one vendor. */
export function vendorNameKey(name: string): string {
  return name.trim().toLowerCase();
}

export async function insertVendor(executor: Executor, row: NewVendor): Promise<void> {
  await executor.insertInto('vendors').values(row).execute();
}

export async function insertVendors(executor: Executor, rows: NewVendor[]): Promise<void> {
  if (rows.length > 0) await executor.insertInto('vendors').values(rows).execute();
}

export async function updateVendor(executor: Executor, id: string, changes: Updateable<VendorsTable>): Promise<void> {
  await executor.updateTable('vendors').set(changes).where('id', '=', id).execute();
}

export async function findVendorById(executor: Executor, id: string): Promise<VendorRow | undefined> {
  return executor.selectFrom('vendors').selectAll().where('id', '=', id).executeTakeFirst();
}

const SUPPORT_CENTER_COLUMNS = [
  'id',
  'name',
  'support_center_name',
  'support_center_phone',
  'support_center_email',
  'support_center_url',
  'support_contract_number',
  'retired_at',
] as const;

/** A vendor's name and support center: what a vendor report names. */
export type VendorSupportCenterRow = Pick<VendorRow, (typeof SUPPORT_CENTER_COLUMNS)[number]>;

export async function findVendorSupportCenter(executor: Executor, id: string): Promise<VendorSupportCenterRow | undefined> {
  return executor.selectFrom('vendors').select(SUPPORT_CENTER_COLUMNS).where('id', '=', id).executeTakeFirst();
}

export async function findVendorByName(executor: Executor, name: string): Promise<VendorRow | undefined> {
  return executor.selectFrom('vendors').selectAll().where('name_key', '=', vendorNameKey(name)).executeTakeFirst();
}

export async function listAllVendors(executor: Executor): Promise<VendorRow[]> {
  return executor.selectFrom('vendors').selectAll().orderBy('id').execute();
}

export async function listVendors(
  executor: Executor,
  filter: { text?: string; includeRetired?: boolean; afterId?: string; limit: number },
): Promise<VendorRow[]> {
  let query = executor
    .selectFrom('vendors')
    .selectAll()
    .orderBy('id')
    .limit(filter.limit + 1);
  if (filter.text) query = query.where('name_key', 'like', `%${filter.text.toLowerCase()}%`);
  if (!filter.includeRetired) query = query.where('retired_at', 'is', null);
  if (filter.afterId) query = query.where('id', '>', filter.afterId);
  return query.execute();
}
