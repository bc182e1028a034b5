import { sql, type Selectable } from 'kysely';
import type { Executor } from '../db.js';
import type { SignInThrottlesTable } from '../schema.js';

export type SignInThrottleRow = Selectable<SignInThrottlesTable>;

/** The failure counters of these keys whose window is still open (began after `windowOpenedAfter`). */
export async function findOpenThrottles(executor: Executor, keys: string[], windowOpenedAfter: string): Promise<SignInThrottleRow[]> {
  if (keys.length === 0) return [];
  return executor
    .selectFrom('sign_in_throttles')
    .selectAll()
    .where('key', 'in', keys)
    .where('window_started_at', '>', windowOpenedAfter)
    .execute();
}

/**
 * Counts one failure against the key in one statement, so instances on one database (and concurrent requests)
 * never lose a count: a window that has closed starts again at one.
 */
export async function countFailure(executor: Executor, key: string, at: string, windowOpenedAfter: string): Promise<void> {
  await executor
    .insertInto('sign_in_throttles')
    .values({ key, failures: 1, window_started_at: at })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        failures: sql<number>`case when sign_in_throttles.window_started_at > ${windowOpenedAfter} then sign_in_throttles.failures + 1 else 1 end`,
        window_started_at: sql<string>`case when sign_in_throttles.window_started_at > ${windowOpenedAfter} then sign_in_throttles.window_started_at else ${at} end`,
      }),
    )
    .execute();
}

export async function clearThrottle(executor: Executor, key: string): Promise<void> {
  await executor.deleteFrom('sign_in_throttles').where('key', '=', key).execute();
}

/** Counters whose window closed long ago tell nothing any more. */
export async function deleteClosedThrottles(executor: Executor, windowOpenedBefore: string): Promise<void> {
  await executor.deleteFrom('sign_in_throttles').where('window_started_at', '<', windowOpenedBefore).execute();
}
