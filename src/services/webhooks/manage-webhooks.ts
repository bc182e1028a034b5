import type { Actor } from '../../domain/access/permissions.js';
import { mayManageWebhooks } from '../../domain/access/policies/webhooks.js';
import type { WebhookEventType, WebhookPayload } from '../../domain/webhooks/webhook-events.js';
import type { Executor } from '../../storage/db.js';
import { findAdminSetting, saveAdminSetting } from '../../storage/repositories/admin-settings.js';
import {
  deleteWebhookSubscription,
  findWebhookDelivery,
  findWebhookSubscription,
  insertWebhookSubscription,
  listWebhookAttempts,
  listWebhookDeliveries,
  listWebhookSubscriptions,
  redeliverWebhook,
  updateWebhookSubscription,
  type WebhookAttemptRow,
  type WebhookDeliveryRow,
  type WebhookSubscriptionRow,
} from '../../storage/repositories/webhooks.js';
import { recordChangeBy } from '../audit.js';
import { newId, type ServiceContext } from '../context.js';
import { forbidden, invalid, notFound } from '../errors.js';
import { refusedTargetReason } from './outbound-address.js';
import { newWebhookSecret } from './sign-webhook.js';

export interface WebhookSubscription {
  id: string;
  url: string;
  events: WebhookEventType[];
  description: string | null;
  enabled: boolean;
  /** Why it is off: switched off by an admin, or by CaseDesk after its receiver kept failing. */
  disabledReason: 'admin' | 'failing' | null;
  ownerUserId: string;
  consecutiveFailures: number;
  failingSince: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface WebhookDeliveryAttempt {
  attemptedAt: string;
  statusCode: number | null;
  durationMs: number;
  responseExcerpt: string | null;
  error: string | null;
}

export interface WebhookDelivery {
  id: string;
  messageId: string;
  eventType: WebhookEventType;
  status: 'pending' | 'delivered' | 'failed';
  attempts: WebhookDeliveryAttempt[];
  nextAttemptAt: string | null;
  createdAt: string;
  deliveredAt: string | null;
  payload: WebhookPayload;
}

export interface WebhookSettings {
  /** Whether webhooks may target loopback, link-local and private addresses (an internal system, a test receiver). */
  allowPrivateTargets: boolean;
}

const ALLOW_PRIVATE_TARGETS = 'webhooks-allow-private-targets';

export async function readAllowPrivateTargets(executor: Executor): Promise<boolean> {
  return (await findAdminSetting(executor, ALLOW_PRIVATE_TARGETS)) === 'true';
}

function present(row: WebhookSubscriptionRow): WebhookSubscription {
  return {
    id: row.id,
    url: row.url,
    events: JSON.parse(row.events_json) as WebhookEventType[],
    description: row.description,
    enabled: row.enabled === 1,
    disabledReason: row.disabled_reason === 'admin' || row.disabled_reason === 'failing' ? row.disabled_reason : null,
    ownerUserId: row.owner_user_id,
    consecutiveFailures: row.consecutive_failures,
    failingSince: row.failing_since,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function presentDelivery(row: WebhookDeliveryRow, attempts: WebhookAttemptRow[]): WebhookDelivery {
  return {
    id: row.id,
    messageId: row.message_id,
    eventType: row.event_type as WebhookEventType,
    status: row.status as WebhookDelivery['status'],
    attempts: attempts.map((attempt) => ({
      attemptedAt: attempt.attempted_at,
      statusCode: attempt.status_code,
      durationMs: attempt.duration_ms,
      responseExcerpt: attempt.response_excerpt,
      error: attempt.error,
    })),
    nextAttemptAt: row.status === 'pending' ? row.next_attempt_at : null,
    createdAt: row.created_at,
    deliveredAt: row.delivered_at,
    payload: JSON.parse(row.payload_json) as WebhookPayload,
  };
}

function mustManage(actor: Actor): void {
  if (!mayManageWebhooks(actor)) throw forbidden();
}

/** Refuses a URL CaseDesk must not post to (see outbound-address.ts), naming the `url` field. */
async function checkTarget(executor: Executor, url: string): Promise<void> {
  const reason = await refusedTargetReason(url, await readAllowPrivateTargets(executor));
  if (reason) throw invalid(`webhooks.errors.${reason}`, 'url');
}

function distinctEvents(events: readonly WebhookEventType[]): WebhookEventType[] {
  if (events.length === 0) throw invalid('webhooks.errors.noEvents', 'events');
  return [...new Set(events)];
}

/** Without the secret: the audit log keeps what changed, never what signs. */
function audited(subscription: WebhookSubscription) {
  return { url: subscription.url, events: subscription.events, description: subscription.description, enabled: subscription.enabled };
}

/** Adds a subscription; the answer carries its signing secret, shown this once. */
export async function createWebhook(
  context: ServiceContext,
  actor: Actor,
  input: { url: string; events: WebhookEventType[]; description?: string | null | undefined },
): Promise<WebhookSubscription & { secret: string }> {
  mustManage(actor);
  const events = distinctEvents(input.events);
  await checkTarget(context.storage.db, input.url);
  const at = context.clock.now().toISOString();
  const row: WebhookSubscriptionRow = {
    id: newId(),
    url: input.url,
    events_json: JSON.stringify(events),
    description: input.description?.trim() || null,
    secret: newWebhookSecret(),
    enabled: 1,
    disabled_reason: null,
    owner_user_id: actor.userId,
    consecutive_failures: 0,
    failing_since: null,
    created_at: at,
    updated_at: at,
  };
  await context.storage.transaction(async (trx) => {
    await insertWebhookSubscription(trx, row);
    await recordChangeBy(trx, actor, at, 'webhook.created', ['webhook', row.id], { after: audited(present(row)) });
  });
  return { ...present(row), secret: row.secret };
}

export async function listWebhooks(context: ServiceContext, actor: Actor): Promise<WebhookSubscription[]> {
  mustManage(actor);
  return (await listWebhookSubscriptions(context.storage.db)).map(present);
}

async function existing(executor: Executor, id: string): Promise<WebhookSubscriptionRow> {
  const row = await findWebhookSubscription(executor, id);
  if (!row) throw notFound('webhook', id);
  return row;
}

export async function viewWebhook(context: ServiceContext, actor: Actor, id: string): Promise<WebhookSubscription> {
  mustManage(actor);
  return present(await existing(context.storage.db, id));
}

/** Changes the URL, the events, the description, or switches it on or off (on again starts the failure count anew). */
export async function updateWebhook(
  context: ServiceContext,
  actor: Actor,
  id: string,
  changes: {
    url?: string | undefined;
    events?: WebhookEventType[] | undefined;
    description?: string | null | undefined;
    enabled?: boolean | undefined;
  },
): Promise<WebhookSubscription> {
  mustManage(actor);
  if (changes.url !== undefined) await checkTarget(context.storage.db, changes.url);
  const events = changes.events === undefined ? undefined : distinctEvents(changes.events);
  const at = context.clock.now().toISOString();
  return context.storage.transaction(async (trx) => {
    const before = present(await existing(trx, id));
    const switching = changes.enabled !== undefined && changes.enabled !== before.enabled;
    await updateWebhookSubscription(trx, id, {
      ...(changes.url !== undefined ? { url: changes.url } : {}),
      ...(events !== undefined ? { events_json: JSON.stringify(events) } : {}),
      ...(changes.description !== undefined ? { description: changes.description?.trim() || null } : {}),
      ...(switching
        ? changes.enabled
          ? { enabled: 1, disabled_reason: null, consecutive_failures: 0, failing_since: null }
          : { enabled: 0, disabled_reason: 'admin' }
        : {}),
      updated_at: at,
    });
    const after = present((await findWebhookSubscription(trx, id))!);
    await recordChangeBy(trx, actor, at, 'webhook.updated', ['webhook', id], { before: audited(before), after: audited(after) });
    return after;
  });
}

export async function deleteWebhook(context: ServiceContext, actor: Actor, id: string): Promise<void> {
  mustManage(actor);
  const at = context.clock.now().toISOString();
  await context.storage.transaction(async (trx) => {
    const before = present(await existing(trx, id));
    await deleteWebhookSubscription(trx, id);
    await recordChangeBy(trx, actor, at, 'webhook.deleted', ['webhook', id], { before: audited(before) });
  });
}

/** The latest deliveries of a subscription, newest first, each with every attempt made. */
export async function listDeliveriesOfWebhook(context: ServiceContext, actor: Actor, id: string, limit = 100): Promise<WebhookDelivery[]> {
  mustManage(actor);
  await existing(context.storage.db, id);
  const deliveries = await listWebhookDeliveries(context.storage.db, id, limit);
  const attempts = await listWebhookAttempts(
    context.storage.db,
    deliveries.map((delivery) => delivery.id),
  );
  return deliveries.map((delivery) =>
    presentDelivery(
      delivery,
      attempts.filter((attempt) => attempt.delivery_id === delivery.id),
    ),
  );
}

/** Sends a delivery again, soon, with the same message id (a receiver that already has it recognises it). */
export async function redeliver(context: ServiceContext, actor: Actor, id: string, deliveryId: string): Promise<WebhookDelivery> {
  mustManage(actor);
  const at = context.clock.now().toISOString();
  return context.storage.transaction(async (trx) => {
    await existing(trx, id);
    const delivery = await findWebhookDelivery(trx, deliveryId);
    if (!delivery || delivery.subscription_id !== id) throw notFound('delivery', deliveryId);
    await redeliverWebhook(trx, deliveryId, at);
    await recordChangeBy(trx, actor, at, 'webhook.redelivered', ['webhook', id], { after: { deliveryId } });
    const row = (await findWebhookDelivery(trx, deliveryId))!;
    return presentDelivery(row, await listWebhookAttempts(trx, [deliveryId]));
  });
}

export async function readWebhookSettings(context: ServiceContext, actor: Actor): Promise<WebhookSettings> {
  mustManage(actor);
  return { allowPrivateTargets: await readAllowPrivateTargets(context.storage.db) };
}

export async function updateWebhookSettings(context: ServiceContext, actor: Actor, settings: WebhookSettings): Promise<WebhookSettings> {
  mustManage(actor);
  const at = context.clock.now().toISOString();
  await context.storage.transaction(async (trx) => {
    const before = await readAllowPrivateTargets(trx);
    if (before === settings.allowPrivateTargets) return;
    await saveAdminSetting(trx, {
      name: ALLOW_PRIVATE_TARGETS,
      value: String(settings.allowPrivateTargets),
      updatedAt: at,
      updatedBy: actor.userId,
    });
    await recordChangeBy(trx, actor, at, 'settings.webhooks-allow-private-targets', ['settings', ALLOW_PRIVATE_TARGETS], {
      before: { allowPrivateTargets: before },
      after: { allowPrivateTargets: settings.allowPrivateTargets },
    });
  });
  return settings;
}
