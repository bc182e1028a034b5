import { isChatKind } from '../../domain/chat/chat-messages.js';
import {
  claimDueChatDeliveries,
  recordChatTargetAttempt,
  settleChatDelivery,
  type ClaimedChatDelivery,
} from '../../storage/repositories/chat-targets.js';
import { deliveriesDue } from '../../storage/repositories/leased-deliveries.js';
import type { ServiceContext } from '../context.js';
import { drainLeasedDeliveries, settlementAfter, type DeliveryTally, type LeasedDeliveryOptions } from '../jobs/drain-leased-deliveries.js';
import { readAllowPrivateTargets } from '../webhooks/manage-webhooks.js';
import type { WebhookAttemptOutcome } from '../webhooks/post-webhook.js';
import { postChatMessage } from './post-chat-message.js';

export type ChatDeliveryOptions = LeasedDeliveryOptions;
export type ChatDeliveryResult = DeliveryTally;

/**
 * One run of the chat sender (background-jobs.ts, on every instance): posts the due chat deliveries through the
 * shared leased-delivery loop, and settles each — delivered, or due again after the webhooks' back-off, or failed once
 * the retries run out. At least once, never twice while a sender lives, and a message is never queued twice for one
 * target.
 */
export async function deliverDueChatMessages(context: ServiceContext, options: ChatDeliveryOptions = {}): Promise<ChatDeliveryResult> {
  if (!(await deliveriesDue(context.storage.db, 'chat_deliveries', context.clock.now().toISOString()))) return { delivered: 0, failed: 0 };
  const allowPrivate = await readAllowPrivateTargets(context.storage.db);
  return drainLeasedDeliveries(
    context,
    {
      table: 'chat_deliveries',
      claim: claimDueChatDeliveries,
      attempt: async (delivery, claimToken, timeoutMs) => {
        const outcome = await attempt(context, delivery, allowPrivate, timeoutMs);
        await record(context, delivery, claimToken, outcome);
        return outcome.delivered;
      },
    },
    options,
  );
}

function attempt(context: ServiceContext, delivery: ClaimedChatDelivery, allowPrivate: boolean, timeoutMs: number) {
  const kind = delivery.target_kind;
  if (!isChatKind(kind)) {
    return Promise.resolve<WebhookAttemptOutcome>({
      statusCode: null,
      durationMs: 0,
      responseExcerpt: null,
      error: `unknown chat kind ${kind}`,
      delivered: false,
    });
  }
  return postChatMessage({ kind, url: delivery.url, secret: delivery.secret }, delivery.body_json, {
    allowPrivate,
    timeoutMs,
    nowMs: context.clock.now().getTime(),
  });
}

async function record(context: ServiceContext, delivery: ClaimedChatDelivery, claimToken: string, outcome: WebhookAttemptOutcome) {
  const settlement = settlementAfter(context.clock.now(), delivery.attempts + 1, outcome.delivered);
  const at = settlement.attemptedAt;
  const error = outcome.error?.slice(0, 1000) ?? null;
  await context.storage.transaction(async (trx) => {
    const held = await settleChatDelivery(trx, delivery.id, claimToken, { ...settlement, error });
    if (!held) return;
    await recordChatTargetAttempt(trx, delivery.target_id, { at, delivered: outcome.delivered, statusCode: outcome.statusCode, error });
  });
}
