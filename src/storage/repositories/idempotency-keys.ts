import { sql, type Selectable } from 'kysely';
import { dialectOf, type Executor } from '../dialect.js';
import type { IdempotencyKeysTable } from '../schema.js';

export type IdempotencyKeyRow = Selectable<IdempotencyKeysTable>;

export async function findIdempotencyKey(executor: Executor, callerId: string, key: string): Promise<IdempotencyKeyRow | undefined> {
  return executor.selectFrom('idempotency_keys').selectAll().where('caller_id', '=', callerId).where('key', '=', key).executeTakeFirst();
}

export async function insertIdempotencyKey(executor: Executor, row: IdempotencyKeyRow): Promise<void> {
  await executor.insertInto('idempotency_keys').values(row).execute();
}

/**
 * PostgreSQL: takes a lock on the key for the rest of the transaction, or answers false at once if a transaction on
 * any instance holds it (the same request still running there). SQLite has one writer, so there is nothing to wait for.
 */
export async function claimIdempotencyKeyAcrossInstances(executor: Executor, callerId: string, key: string): Promise<boolean> {
  if (dialectOf(executor) !== 'postgres') return true;
  const { rows } = await sql<{
    claimed: boolean;
  }>`select pg_try_advisory_xact_lock(hashtextextended(${`idempotency-key:${callerId}:${key}`}, 0)) as claimed`.execute(executor);
  return rows[0]?.claimed === true;
}

export async function recordIdempotentResponse(
  executor: Executor,
  callerId: string,
  key: string,
  status: number,
  json: string,
): Promise<void> {
  await executor
    .updateTable('idempotency_keys')
    .set({ response_status: status, response_json: json })
    .where('caller_id', '=', callerId)
    .where('key', '=', key)
    .execute();
}

/** Deletes keys past their time: all of them, or the one named. */
export async function deleteExpiredIdempotencyKeys(
  executor: Executor,
  now: string,
  only?: { callerId: string; key: string },
): Promise<number> {
  let query = executor.deleteFrom('idempotency_keys').where('expires_at', '<=', now);
  if (only) query = query.where('caller_id', '=', only.callerId).where('key', '=', only.key);
  const result = await query.executeTakeFirst();
  return Number(result.numDeletedRows);
}
