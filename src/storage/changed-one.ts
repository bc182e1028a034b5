import type { UpdateResult } from 'kysely';

/**
 * Runs an update guarded by the state the row was read in (`… where status = 'pending'`) and tells whether it changed
 * the one row: false when another transaction or instance changed it first.
 */
export async function changedOne(update: { executeTakeFirst(): Promise<UpdateResult> }): Promise<boolean> {
  const result = await update.executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
