import type { Selectable } from 'kysely';
import { locksRows, type Executor } from '../dialect.js';
import type { CompanyPositionsTable } from '../schema.js';

export type CompanyPositionRow = Selectable<CompanyPositionsTable>;

export async function setCompanyPosition(executor: Executor, position: string, userId: string | null, at: string): Promise<void> {
  await executor
    .insertInto('company_positions')
    .values({ position, user_id: userId, updated_at: at })
    .onConflict((oc) => oc.column('position').doUpdateSet({ user_id: userId, updated_at: at }))
    .execute();
}

export async function listCompanyPositions(executor: Executor): Promise<CompanyPositionRow[]> {
  return executor.selectFrom('company_positions').selectAll().orderBy('position').execute();
}

export async function findCompanyPosition(executor: Executor, position: string): Promise<CompanyPositionRow | undefined> {
  return executor.selectFrom('company_positions').selectAll().where('position', '=', position).executeTakeFirst();
}

/** The position, its row share-locked until the transaction ends on PostgreSQL: an admin changing it waits. */
export async function findCompanyPositionForShare(executor: Executor, position: string): Promise<CompanyPositionRow | undefined> {
  const query = executor.selectFrom('company_positions').selectAll().where('position', '=', position);
  return (locksRows(executor) ? query.forShare() : query).executeTakeFirst();
}
