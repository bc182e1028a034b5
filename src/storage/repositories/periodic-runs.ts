import type { Executor } from '../db.js';

/**
 * Claims this period's run of a periodic job for the calling instance: true for exactly one caller per period, however
 * many instances ask at once. The row is created on first use; the claim is one conditional UPDATE, so two instances
 * racing on one database cannot both move `next_run_at` past `now`.
 */
export async function claimPeriodicRun(executor: Executor, name: string, now: string, nextRunAt: string): Promise<boolean> {
  await executor
    .insertInto('periodic_runs')
    .values({ name, next_run_at: now })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const claimed = await executor
    .updateTable('periodic_runs')
    .set({ next_run_at: nextRunAt })
    .where('name', '=', name)
    .where('next_run_at', '<=', now)
    .executeTakeFirst();
  return Number(claimed.numUpdatedRows) === 1;
}

/** When a periodic job may next run; undefined before its first claim. A cheap look before the work of a claim. */
export async function findPeriodicRunNextAt(executor: Executor, name: string): Promise<string | undefined> {
  const row = await executor.selectFrom('periodic_runs').select('next_run_at').where('name', '=', name).executeTakeFirst();
  return row?.next_run_at;
}
