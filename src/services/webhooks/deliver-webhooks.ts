import { shouldDisableWebhook, WEBHOOK_DISABLE_RULE } from '../../domain/webhooks/webhook-events.js';
import { renderWebhookDisabledMail, webhookDisabledSubject } from '../../mail/templates/webhook-disabled-mail.js';
import type { Executor } from '../../storage/db.js';
import { findUserById } from '../../storage/repositories/users.js';
import {
  claimDueWebhookDeliveries,
  countWebhookFailure,
  countWebhookSuccess,
  disableFailingWebhook,
  insertWebhookAttempt,
  settleWebhookDelivery,
  webhookWorkWaiting,
  type ClaimedWebhookDelivery,
} from '../../storage/repositories/webhooks.js';
import { newId, type ServiceContext } from '../context.js';
import { drainLeasedDeliveries, settlementAfter, type DeliveryTally, type LeasedDeliveryOptions } from '../jobs/drain-leased-deliveries.js';
import { tellUser } from '../notifications/tell-user.js';
import { readAllowPrivateTargets } from './manage-webhooks.js';
import { postWebhook, type WebhookAttemptOutcome } from './post-webhook.js';
import { webhookSignature } from './sign-webhook.js';
import { fanOutWebhookEvents } from './webhook-outbox.js';
import { words } from '../../i18n/wording.js';

export interface WebhookDeliveryOptions extends LeasedDeliveryOptions {
  /** When a failing subscription is switched off (tests shorten it). */
  disableRule?: { failures: number; failingForMs: number };
}

export type WebhookDeliveryResult = DeliveryTally;

/**
 * One run of the webhook sender (background-jobs.ts, on every instance): turns queued events into deliveries, then
 * posts every due delivery through the shared leased-delivery loop, as the mail outbox does, so instances split the
 * work and a sender that dies mid-send leaves its deliveries to another once the lease runs out. Delivery is
 * at-least-once with the message id unchanged across retries (`webhook-id`), so a receiver recognises a repeat.
 */
export async function deliverDueWebhooks(context: ServiceContext, options: WebhookDeliveryOptions = {}): Promise<WebhookDeliveryResult> {
  if (!(await webhookWorkWaiting(context.storage.db, context.clock.now().toISOString()))) return { delivered: 0, failed: 0 };
  await fanOutWebhookEvents(context);
  const allowPrivate = await readAllowPrivateTargets(context.storage.db);
  return drainLeasedDeliveries(
    context,
    {
      table: 'webhook_deliveries',
      claim: claimDueWebhookDeliveries,
      attempt: async (delivery, claimToken, timeoutMs) => {
        const outcome = await attempt(context, delivery, allowPrivate, timeoutMs);
        await record(context, delivery, claimToken, outcome, options.disableRule ?? WEBHOOK_DISABLE_RULE);
        return outcome.delivered;
      },
    },
    options,
  );
}

/** Signs and posts one delivery as the Standard Webhooks specification says. */
function attempt(
  context: ServiceContext,
  delivery: ClaimedWebhookDelivery,
  allowPrivate: boolean,
  timeoutMs: number,
): Promise<WebhookAttemptOutcome> {
  const timestamp = Math.floor(context.clock.now().getTime() / 1000);
  const headers = {
    'webhook-id': delivery.message_id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': webhookSignature(delivery.secret, delivery.message_id, timestamp, delivery.payload_json),
    'user-agent': 'CaseDesk-Webhooks/1',
  };
  return postWebhook(delivery.url, headers, delivery.payload_json, { allowPrivate, timeoutMs });
}

async function record(
  context: ServiceContext,
  delivery: ClaimedWebhookDelivery,
  claimToken: string,
  outcome: WebhookAttemptOutcome,
  disableRule: { failures: number; failingForMs: number },
): Promise<void> {
  const now = context.clock.now();
  const settlement = settlementAfter(now, delivery.attempts + 1, outcome.delivered);
  const at = settlement.attemptedAt;
  await context.storage.transaction(async (trx) => {
    const held = await settleWebhookDelivery(trx, delivery.id, claimToken, { ...settlement, deliveredAt: outcome.delivered ? at : null });
    await insertWebhookAttempt(trx, {
      id: newId(),
      delivery_id: delivery.id,
      attempted_at: at,
      status_code: outcome.statusCode,
      duration_ms: outcome.durationMs,
      response_excerpt: outcome.responseExcerpt,
      error: outcome.error?.slice(0, 1000) ?? null,
    });
    // An attempt made after the claim was lost is on record, but another sender owns the delivery's state.
    if (!held) return;
    if (outcome.delivered) {
      await countWebhookSuccess(trx, delivery.subscription_id);
      return;
    }
    const subscription = await countWebhookFailure(trx, delivery.subscription_id, at);
    if (!subscription || subscription.enabled !== 1) return;
    const failing = { consecutiveFailures: subscription.consecutive_failures, failingSince: subscription.failing_since };
    if (!shouldDisableWebhook(failing, now, disableRule)) return;
    if (!(await disableFailingWebhook(trx, subscription.id, at))) return;
    await tellOwner(trx, context, subscription, outcome.error ?? '');
  });
}

/** The admin who added the webhook hears that it was switched off, in the app and by mail (as they chose). */
async function tellOwner(
  executor: Executor,
  context: ServiceContext,
  subscription: { id: string; url: string; owner_user_id: string; consecutive_failures: number; failing_since: string | null },
  lastError: string,
): Promise<void> {
  const owner = await findUserById(executor, subscription.owner_user_id);
  if (!owner || owner.disabled_at !== null) return;
  const since = subscription.failing_since ?? '';
  await tellUser(executor, context, owner, 'webhook-disabled', {
    kind: 'webhook-disabled',
    mail: renderWebhookDisabledMail({
      language: owner.language,
      recipientName: owner.name,
      webhookUrl: subscription.url,
      failures: subscription.consecutive_failures,
      since,
      lastError,
      url: `${context.publicUrl}/admin/webhooks`,
    }),
    title: words('webhooks.notification.disabled', { url: subscription.url }),
    body: webhookDisabledSubject(subscription.url),
    link: '/admin/webhooks',
    dedupeKey: `webhook-disabled:${subscription.id}:${since}`,
    threadKey: `webhook.${subscription.id}`,
  });
}
