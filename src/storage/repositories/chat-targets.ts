import type { Insertable, Selectable } from 'kysely';
import { locksRows, type Executor } from '../dialect.js';
import type { ChatDeliveriesTable, ChatTargetsTable } from '../schema.js';

export type ChatTargetRow = Selectable<ChatTargetsTable>;
export type ChatDeliveryRow = Selectable<ChatDeliveriesTable>;
export type NewChatDelivery = Insertable<ChatDeliveriesTable>;

export async function insertChatTarget(executor: Executor, row: Insertable<ChatTargetsTable>): Promise<void> {
  await executor.insertInto('chat_targets').values(row).execute();
}

export function findChatTarget(executor: Executor, id: string): Promise<ChatTargetRow | undefined> {
  return executor.selectFrom('chat_targets').selectAll().where('id', '=', id).executeTakeFirst();
}

export function listChatTargetsOfUser(executor: Executor, userId: string): Promise<ChatTargetRow[]> {
  return executor.selectFrom('chat_targets').selectAll().where('owner_user_id', '=', userId).orderBy('created_at').orderBy('id').execute();
}

export function listPositionChatTargets(executor: Executor): Promise<ChatTargetRow[]> {
  return executor
    .selectFrom('chat_targets')
    .selectAll()
    .where('owner_position', 'is not', null)
    .orderBy('owner_position')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** The enabled targets a report to `userId` as holder of `position` reaches: the user's own and the position's. */
export function enabledChatTargetsFor(executor: Executor, userId: string, position: string): Promise<ChatTargetRow[]> {
  return executor
    .selectFrom('chat_targets')
    .selectAll()
    .where('enabled', '=', 1)
    .where((eb) => eb.or([eb('owner_user_id', '=', userId), eb('owner_position', '=', position)]))
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function updateChatTarget(
  executor: Executor,
  id: string,
  changes: Partial<Pick<ChatTargetRow, 'enabled' | 'updated_at' | 'label'>>,
): Promise<void> {
  await executor.updateTable('chat_targets').set(changes).where('id', '=', id).execute();
}

/** What the last attempt to post to a target came to. */
export async function recordChatTargetAttempt(
  executor: Executor,
  id: string,
  attempt: { at: string; delivered: boolean; statusCode: number | null; error: string | null },
): Promise<void> {
  await executor
    .updateTable('chat_targets')
    .set({
      last_attempt_at: attempt.at,
      last_delivered: attempt.delivered ? 1 : 0,
      last_status_code: attempt.statusCode,
      last_error: attempt.error,
    })
    .where('id', '=', id)
    // Two senders finishing out of order: the later attempt is the one shown.
    .where((eb) => eb.or([eb('last_attempt_at', 'is', null), eb('last_attempt_at', '<=', attempt.at)]))
    .execute();
}

/** Removes a target with its deliveries. */
export async function deleteChatTarget(executor: Executor, id: string): Promise<void> {
  await executor.deleteFrom('chat_deliveries').where('target_id', '=', id).execute();
  await executor.deleteFrom('chat_targets').where('id', '=', id).execute();
}

/** Writes deliveries in the caller's transaction; one that exists for the same target and message is left as it is. */
export async function insertChatDeliveries(executor: Executor, rows: NewChatDelivery[]): Promise<void> {
  if (rows.length === 0) return;
  await executor
    .insertInto('chat_deliveries')
    .values(rows)
    .onConflict((oc) => oc.columns(['target_id', 'message_id']).doNothing())
    .execute();
}

export type ClaimedChatDelivery = ChatDeliveryRow & { target_kind: string; url: string; secret: string | null };

/**
 * Claims up to `limit` due deliveries of enabled targets for one sender until `leaseUntil` (pending, due, and not
 * held by a live claim). Inside a transaction; SKIP LOCKED on PostgreSQL, and the conditional update re-checks, so two
 * senders never hold the same delivery.
 */
export async function claimDueChatDeliveries(
  trx: Executor,
  claim: { now: string; leaseUntil: string; claimToken: string; limit: number },
): Promise<ClaimedChatDelivery[]> {
  let candidates = trx
    .selectFrom('chat_deliveries')
    .select('id')
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', claim.now)
    .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<=', claim.now)]))
    .where('target_id', 'in', trx.selectFrom('chat_targets').select('id').where('enabled', '=', 1))
    .orderBy('next_attempt_at')
    .orderBy('id')
    .limit(claim.limit);
  if (locksRows(trx)) candidates = candidates.forUpdate().skipLocked();
  const ids = (await candidates.execute()).map((row) => row.id);
  if (ids.length === 0) return [];
  const claimed = await trx
    .updateTable('chat_deliveries')
    .set({ claim_token: claim.claimToken, claimed_until: claim.leaseUntil })
    .where('id', 'in', ids)
    .where('status', '=', 'pending')
    .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<=', claim.now)]))
    .returningAll()
    .execute();
  if (claimed.length === 0) return [];
  const targets = await trx
    .selectFrom('chat_targets')
    .select(['id', 'kind', 'url', 'secret'])
    .where('id', 'in', [...new Set(claimed.map((row) => row.target_id))])
    .execute();
  const byId = new Map(targets.map((row) => [row.id, row]));
  return claimed
    .map((row) => {
      const target = byId.get(row.target_id)!;
      return { ...row, target_kind: target.kind, url: target.url, secret: target.secret };
    })
    .sort((a, b) => a.next_attempt_at.localeCompare(b.next_attempt_at) || a.id.localeCompare(b.id));
}

/** Writes an attempt's outcome where the claim is still this sender's; false when another sender took it over. */
export async function settleChatDelivery(
  trx: Executor,
  id: string,
  claimToken: string,
  outcome: {
    status: 'pending' | 'delivered' | 'failed';
    attempts: number;
    nextAttemptAt: string;
    attemptedAt: string;
    error: string | null;
  },
): Promise<boolean> {
  const rows = await trx
    .updateTable('chat_deliveries')
    .set({
      status: outcome.status,
      attempts: outcome.attempts,
      next_attempt_at: outcome.nextAttemptAt,
      last_attempt_at: outcome.attemptedAt,
      last_error: outcome.error,
      delivered_at: outcome.status === 'delivered' ? outcome.attemptedAt : null,
      claim_token: null,
      claimed_until: null,
    })
    .where('id', '=', id)
    .where('claim_token', '=', claimToken)
    .returning('id')
    .execute();
  return rows.length === 1;
}

/** Hands back claimed deliveries that were not tried (shutdown), so another sender takes them at once. */
export async function releaseChatClaims(executor: Executor, ids: string[], claimToken: string): Promise<void> {
  if (ids.length === 0) return;
  await executor
    .updateTable('chat_deliveries')
    .set({ claim_token: null, claimed_until: null })
    .where('id', 'in', ids)
    .where('claim_token', '=', claimToken)
    .execute();
}

/** Whether anything is due; one read, so an idle sender takes no write lock (SQLite has one writer). */
export async function chatWorkWaiting(executor: Executor, now: string): Promise<boolean> {
  const due = await executor
    .selectFrom('chat_deliveries')
    .select('id')
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', now)
    .limit(1)
    .executeTakeFirst();
  return due !== undefined;
}

export function listChatDeliveriesOfTarget(executor: Executor, targetId: string): Promise<ChatDeliveryRow[]> {
  return executor.selectFrom('chat_deliveries').selectAll().where('target_id', '=', targetId).orderBy('created_at').orderBy('id').execute();
}
