import type { Insertable, Selectable } from 'kysely';
import type { Executor } from '../dialect.js';
import type { ChatDeliveriesTable, ChatTargetsTable } from '../schema.js';
import { claimDueDeliveries, settleDelivery, type DeliveryAttempt, type DeliveryClaim } from './leased-deliveries.js';

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

/** Claims due deliveries of enabled targets for one sender (leased-deliveries.ts), each with its target's address. */
export async function claimDueChatDeliveries(trx: Executor, claim: DeliveryClaim): Promise<ClaimedChatDelivery[]> {
  const ids = await claimDueDeliveries(trx, 'chat_deliveries', claim);
  if (ids.length === 0) return [];
  return trx
    .selectFrom('chat_deliveries')
    .innerJoin('chat_targets', 'chat_targets.id', 'chat_deliveries.target_id')
    .selectAll('chat_deliveries')
    .select(['chat_targets.kind as target_kind', 'chat_targets.url', 'chat_targets.secret'])
    .where('chat_deliveries.id', 'in', ids)
    .orderBy('chat_deliveries.next_attempt_at')
    .orderBy('chat_deliveries.id')
    .execute();
}

/** Writes an attempt's outcome where the claim is still this sender's; false when another sender took it over. */
export function settleChatDelivery(
  trx: Executor,
  id: string,
  claimToken: string,
  outcome: Omit<DeliveryAttempt, 'deliveredAt'> & { error: string | null },
): Promise<boolean> {
  const { error, ...attempt } = outcome;
  const deliveredAt = attempt.status === 'delivered' ? attempt.attemptedAt : null;
  return settleDelivery(trx, 'chat_deliveries', id, claimToken, { ...attempt, deliveredAt }, { last_error: error });
}

export function listChatDeliveriesOfTarget(executor: Executor, targetId: string): Promise<ChatDeliveryRow[]> {
  return executor.selectFrom('chat_deliveries').selectAll().where('target_id', '=', targetId).orderBy('created_at').orderBy('id').execute();
}
