import type { Insertable, Selectable } from 'kysely';
import { locksRows, type Executor } from '../dialect.js';
import { claimDueDeliveries, deliveriesDue, settleDelivery, type DeliveryAttempt, type DeliveryClaim } from './leased-deliveries.js';
import type { WebhookDeliveriesTable, WebhookDeliveryAttemptsTable, WebhookEventQueueTable, WebhookSubscriptionsTable } from '../schema.js';

export type WebhookSubscriptionRow = Selectable<WebhookSubscriptionsTable>;
export type WebhookDeliveryRow = Selectable<WebhookDeliveriesTable>;
export type WebhookAttemptRow = Selectable<WebhookDeliveryAttemptsTable>;
export type QueuedWebhookEventRow = Selectable<WebhookEventQueueTable>;

export async function insertWebhookSubscription(executor: Executor, row: Insertable<WebhookSubscriptionsTable>): Promise<void> {
  await executor.insertInto('webhook_subscriptions').values(row).execute();
}

export function listWebhookSubscriptions(executor: Executor): Promise<WebhookSubscriptionRow[]> {
  return executor.selectFrom('webhook_subscriptions').selectAll().orderBy('created_at').orderBy('id').execute();
}

export function listEnabledWebhookSubscriptions(executor: Executor): Promise<WebhookSubscriptionRow[]> {
  return executor.selectFrom('webhook_subscriptions').selectAll().where('enabled', '=', 1).execute();
}

export function findWebhookSubscription(executor: Executor, id: string): Promise<WebhookSubscriptionRow | undefined> {
  return executor.selectFrom('webhook_subscriptions').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function updateWebhookSubscription(
  executor: Executor,
  id: string,
  changes: Partial<Omit<WebhookSubscriptionRow, 'id' | 'created_at' | 'owner_user_id'>>,
): Promise<void> {
  await executor.updateTable('webhook_subscriptions').set(changes).where('id', '=', id).execute();
}

/** Removes a subscription with its deliveries and their attempts. */
export async function deleteWebhookSubscription(executor: Executor, id: string): Promise<void> {
  const deliveries = executor.selectFrom('webhook_deliveries').select('id').where('subscription_id', '=', id);
  await executor.deleteFrom('webhook_delivery_attempts').where('delivery_id', 'in', deliveries).execute();
  await executor.deleteFrom('webhook_deliveries').where('subscription_id', '=', id).execute();
  await executor.deleteFrom('webhook_subscriptions').where('id', '=', id).execute();
}

/** Queues an event that is no case timeline event (those are queued by a trigger), in the caller's transaction. */
export async function queueWebhookEvent(executor: Executor, row: Insertable<WebhookEventQueueTable>): Promise<void> {
  await executor
    .insertInto('webhook_event_queue')
    .values(row)
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
}

/**
 * Takes up to `limit` queued events, oldest first; on PostgreSQL they stay locked for the caller's transaction and
 * other instances skip them, so each is turned into deliveries by one instance (the unique key backs that up).
 */
export async function takeQueuedWebhookEvents(trx: Executor, limit: number): Promise<QueuedWebhookEventRow[]> {
  let query = trx.selectFrom('webhook_event_queue').selectAll().orderBy('at').orderBy('id').limit(limit);
  if (locksRows(trx)) query = query.forUpdate().skipLocked();
  return query.execute();
}

export async function deleteQueuedWebhookEvents(trx: Executor, ids: string[]): Promise<void> {
  if (ids.length > 0) await trx.deleteFrom('webhook_event_queue').where('id', 'in', ids).execute();
}

/** Writes deliveries; one that exists already for the same subscription and message is left as it is. */
export async function insertWebhookDeliveries(trx: Executor, rows: Insertable<WebhookDeliveriesTable>[]): Promise<void> {
  if (rows.length === 0) return;
  await trx
    .insertInto('webhook_deliveries')
    .values(rows)
    .onConflict((oc) => oc.columns(['subscription_id', 'message_id']).doNothing())
    .execute();
}

/** What the payloads of case events tell of their case. */
export function casesForWebhooks(executor: Executor, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return executor
    .selectFrom('cases')
    .innerJoin('organizations', 'organizations.id', 'cases.organization_id')
    .select([
      'cases.id',
      'cases.number',
      'cases.title',
      'cases.kind',
      'cases.status',
      'cases.level',
      'cases.organization_id',
      'organizations.name as organization_name',
      'cases.department_id',
      'cases.assignee_user_id',
      'cases.received_at',
      'cases.updated_at',
    ])
    .where('cases.id', 'in', ids)
    .execute();
}

export function problemsForWebhooks(executor: Executor, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return executor
    .selectFrom('problems')
    .select(['id', 'title', 'description', 'status', 'owner_user_id', 'created_at'])
    .where('id', 'in', ids)
    .execute();
}

export type ClaimedWebhookDelivery = WebhookDeliveryRow & { url: string; secret: string };

/** Claims due deliveries of enabled subscriptions for one sender (leased-deliveries.ts), each with its address and secret. */
export async function claimDueWebhookDeliveries(trx: Executor, claim: DeliveryClaim): Promise<ClaimedWebhookDelivery[]> {
  const ids = await claimDueDeliveries(trx, 'webhook_deliveries', claim);
  if (ids.length === 0) return [];
  return trx
    .selectFrom('webhook_deliveries')
    .innerJoin('webhook_subscriptions', 'webhook_subscriptions.id', 'webhook_deliveries.subscription_id')
    .selectAll('webhook_deliveries')
    .select(['webhook_subscriptions.url', 'webhook_subscriptions.secret'])
    .where('webhook_deliveries.id', 'in', ids)
    .orderBy('webhook_deliveries.next_attempt_at')
    .orderBy('webhook_deliveries.id')
    .execute();
}

export async function insertWebhookAttempt(executor: Executor, row: Insertable<WebhookDeliveryAttemptsTable>): Promise<void> {
  await executor.insertInto('webhook_delivery_attempts').values(row).execute();
}

/** Writes an attempt's outcome where the claim is still this sender's (`settleDelivery`). */
export function settleWebhookDelivery(trx: Executor, id: string, claimToken: string, outcome: DeliveryAttempt): Promise<boolean> {
  return settleDelivery(trx, 'webhook_deliveries', id, claimToken, outcome, {});
}

export function listWebhookDeliveries(executor: Executor, subscriptionId: string, limit: number): Promise<WebhookDeliveryRow[]> {
  return executor
    .selectFrom('webhook_deliveries')
    .selectAll()
    .where('subscription_id', '=', subscriptionId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

export function findWebhookDelivery(executor: Executor, id: string): Promise<WebhookDeliveryRow | undefined> {
  return executor.selectFrom('webhook_deliveries').selectAll().where('id', '=', id).executeTakeFirst();
}

export function listWebhookAttempts(executor: Executor, deliveryIds: string[]): Promise<WebhookAttemptRow[]> {
  if (deliveryIds.length === 0) return Promise.resolve([]);
  return executor
    .selectFrom('webhook_delivery_attempts')
    .selectAll()
    .where('delivery_id', 'in', deliveryIds)
    .orderBy('attempted_at')
    .orderBy('id')
    .execute();
}

/** Makes a delivery due now, with a fresh schedule of retries; its earlier attempts stay on record. */
export async function redeliverWebhook(executor: Executor, id: string, now: string): Promise<void> {
  await executor
    .updateTable('webhook_deliveries')
    .set({ status: 'pending', attempts: 0, next_attempt_at: now, claim_token: null, claimed_until: null, delivered_at: null })
    .where('id', '=', id)
    .execute();
}

/** A delivered attempt: the receiver works, its count of failures in a row starts again. */
export async function countWebhookSuccess(executor: Executor, id: string): Promise<void> {
  await executor
    .updateTable('webhook_subscriptions')
    .set({ consecutive_failures: 0, failing_since: null })
    .where('id', '=', id)
    .where('consecutive_failures', '>', 0)
    .execute();
}

/** A failed attempt, counted in one statement (several senders may fail on the same receiver at once). */
export async function countWebhookFailure(executor: Executor, id: string, at: string): Promise<WebhookSubscriptionRow | undefined> {
  return executor
    .updateTable('webhook_subscriptions')
    .set((eb) => ({
      consecutive_failures: eb('consecutive_failures', '+', 1),
      failing_since: eb.fn.coalesce('failing_since', eb.val(at)),
    }))
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

/** Switches a failing subscription off; true only for the one caller that switched it (its owner is told once). */
export async function disableFailingWebhook(executor: Executor, id: string, at: string): Promise<boolean> {
  const rows = await executor
    .updateTable('webhook_subscriptions')
    .set({ enabled: 0, disabled_reason: 'failing', updated_at: at })
    .where('id', '=', id)
    .where('enabled', '=', 1)
    .returning('id')
    .execute();
  return rows.length === 1;
}

/**
 * Whether the webhook sender has anything to do: a queued event, or a delivery due now. One read, so an idle sender
 * takes no write lock (SQLite has one writer).
 */
export async function webhookWorkWaiting(executor: Executor, now: string): Promise<boolean> {
  const queued = await executor.selectFrom('webhook_event_queue').select('id').limit(1).executeTakeFirst();
  if (queued) return true;
  return deliveriesDue(executor, 'webhook_deliveries', now);
}
