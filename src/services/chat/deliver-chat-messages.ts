import { randomUUID } from 'node:crypto';
import { DEFAULT_OUTBOX_LEASE_MS } from '../../config.js';
import { isChatKind } from '../../domain/chat/chat-messages.js';
import { nextWebhookAttemptAt } from '../../domain/webhooks/webhook-events.js';
import {
  chatWorkWaiting,
  claimDueChatDeliveries,
  recordChatTargetAttempt,
  releaseChatClaims,
  settleChatDelivery,
  type ClaimedChatDelivery,
} from '../../storage/repositories/chat-targets.js';
import type { ServiceContext } from '../context.js';
import { readAllowPrivateTargets } from '../webhooks/manage-webhooks.js';
import type { WebhookAttemptOutcome } from '../webhooks/post-webhook.js';
import { postChatMessage } from './post-chat-message.js';

export interface ChatDeliveryOptions {
  /** How long a claim keeps other senders away; it always outlasts `timeoutMs`. */
  leaseMs?: number;
  /** The longest a chat may take to answer. */
  timeoutMs?: number;
  batchSize?: number;
  /** Messages posted at once. */
  concurrency?: number;
  signal?: AbortSignal;
}

export interface ChatDeliveryResult {
  delivered: number;
  failed: number;
}

/**
 * One run of the chat sender (background-jobs.ts, on every instance): claims due chat deliveries a batch at a time
 * under a lease, posts them, and settles each — delivered, or due again after the webhooks' back-off, or failed once
 * the retries run out. Instances sharing a database split the work (a claim is held by one sender; SKIP LOCKED on
 * PostgreSQL), and a sender that dies mid-post leaves its deliveries to another once the lease runs out: delivery is
 * at least once, never twice while a sender lives, and a message is never queued twice for one target.
 */
export async function deliverDueChatMessages(context: ServiceContext, options: ChatDeliveryOptions = {}): Promise<ChatDeliveryResult> {
  const result: ChatDeliveryResult = { delivered: 0, failed: 0 };
  if (!(await chatWorkWaiting(context.storage.db, context.clock.now().toISOString()))) return result;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const leaseMs = Math.max(options.leaseMs ?? DEFAULT_OUTBOX_LEASE_MS, timeoutMs + 5_000);
  const batchSize = options.batchSize ?? 50;
  const concurrency = Math.max(1, options.concurrency ?? 8);
  const claimToken = randomUUID();
  const allowPrivate = await readAllowPrivateTargets(context.storage.db);
  for (;;) {
    if (options.signal?.aborted) return result;
    const now = context.clock.now().getTime();
    const claimed = await context.storage.transaction((trx) =>
      claimDueChatDeliveries(trx, {
        now: new Date(now).toISOString(),
        leaseUntil: new Date(now + leaseMs).toISOString(),
        claimToken,
        limit: batchSize,
      }),
    );
    if (claimed.length === 0) return result;
    const queue = [...claimed];
    const worker = async (): Promise<void> => {
      for (let delivery = queue.shift(); delivery; delivery = queue.shift()) {
        if (options.signal?.aborted) return;
        const outcome = await attempt(context, delivery, allowPrivate, timeoutMs);
        await record(context, delivery, claimToken, outcome);
        if (outcome.delivered) result.delivered++;
        else result.failed++;
      }
    };
    try {
      await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, () => worker()));
    } finally {
      await releaseChatClaims(
        context.storage.db,
        queue.map((delivery) => delivery.id),
        claimToken,
      );
    }
    if (claimed.length < batchSize) return result;
  }
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
  const now = context.clock.now();
  const at = now.toISOString();
  const attempts = delivery.attempts + 1;
  const next = outcome.delivered ? null : nextWebhookAttemptAt(now, attempts);
  const error = outcome.error?.slice(0, 1000) ?? null;
  await context.storage.transaction(async (trx) => {
    const held = await settleChatDelivery(trx, delivery.id, claimToken, {
      status: outcome.delivered ? 'delivered' : next ? 'pending' : 'failed',
      attempts,
      nextAttemptAt: (next ?? now).toISOString(),
      attemptedAt: at,
      error,
    });
    if (!held) return;
    await recordChatTargetAttempt(trx, delivery.target_id, { at, delivered: outcome.delivered, statusCode: outcome.statusCode, error });
  });
}
