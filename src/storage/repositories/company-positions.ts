import type { Selectable } from 'kysely';
import type { Executor } from '../db.js';
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

export async function findCompanyPosition(
  executor: Executor,
  position: string,
  options: { lock?: boolean } = {},
): Promise<CompanyPositionRow | undefined> {
  const query = executor.selectFrom('company_positions').selectAll().where('position', '=', position);
  return (options.lock ? query.forShare() : query).executeTakeFirst();
}
