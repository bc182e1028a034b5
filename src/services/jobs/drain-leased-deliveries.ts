import { randomUUID } from 'node:crypto';
import { DEFAULT_OUTBOX_LEASE_MS } from '../../config.js';
import { nextWebhookAttemptAt } from '../../domain/webhooks/webhook-events.js';
import type { Executor } from '../../storage/db.js';
import { releaseDeliveryClaims, type DeliveryClaim, type DeliveryTable } from '../../storage/repositories/leased-deliveries.js';
import type { ServiceContext } from '../context.js';

export interface LeasedDeliveryOptions {
  /** How long a claim keeps other senders away; it always outlasts `timeoutMs`. */
  leaseMs?: number;
  /** The longest a receiver may take to answer. */
  timeoutMs?: number;
  batchSize?: number;
  /** Deliveries posted at once. */
  concurrency?: number;
  signal?: AbortSignal;
}

export interface DeliveryTally {
  delivered: number;
  failed: number;
}

/** What one outbox of HTTP posts (webhooks, chat) tells the sender loop: how to claim a batch and how to try one. */
export interface LeasedDeliverySender<Delivery extends { id: string }> {
  table: DeliveryTable;
  claim: (trx: Executor, claim: DeliveryClaim) => Promise<Delivery[]>;
  /** Posts one delivery and records the outcome under the claim; true when the receiver took it. */
  attempt: (delivery: Delivery, claimToken: string, timeoutMs: number) => Promise<boolean>;
}

/** How a delivery stands after an attempt, as its outbox records it under the claim. */
export interface DeliverySettlement {
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  nextAttemptAt: string;
  attemptedAt: string;
}

/**
 * How a delivery tried `attempts` times in all, the last at `now`, stands: delivered, due again after the webhooks'
 * back-off, or failed once the retries run out.
 */
export function settlementAfter(now: Date, attempts: number, delivered: boolean): DeliverySettlement {
  const next = delivered ? null : nextWebhookAttemptAt(now, attempts);
  return {
    status: delivered ? 'delivered' : next ? 'pending' : 'failed',
    attempts,
    nextAttemptAt: (next ?? now).toISOString(),
    attemptedAt: now.toISOString(),
  };
}

/**
 * One run of a delivery sender (on every instance): claims due deliveries a batch at a time under a lease, tries them
 * a few at once, and hands back what it claimed but did not try (shutdown). Instances sharing a database split the
 * work (a claim is held by one sender; SKIP LOCKED on PostgreSQL), and a sender that dies mid-post leaves its
 * deliveries to another once the lease runs out: delivery is at least once, never twice while a sender lives.
 */
export async function drainLeasedDeliveries<Delivery extends { id: string }>(
  context: ServiceContext,
  sender: LeasedDeliverySender<Delivery>,
  options: LeasedDeliveryOptions = {},
): Promise<DeliveryTally> {
  const tally: DeliveryTally = { delivered: 0, failed: 0 };
  const timeoutMs = options.timeoutMs ?? 10_000;
  // The lease outlasts the longest send, so a live sender never loses a delivery it is still posting.
  const leaseMs = Math.max(options.leaseMs ?? DEFAULT_OUTBOX_LEASE_MS, timeoutMs + 5_000);
  const batchSize = options.batchSize ?? 50;
  const concurrency = Math.max(1, options.concurrency ?? 8);
  const claimToken = randomUUID();
  for (;;) {
    if (options.signal?.aborted) return tally;
    const now = context.clock.now().getTime();
    const claimed = await context.storage.transaction((trx) =>
      sender.claim(trx, {
        now: new Date(now).toISOString(),
        leaseUntil: new Date(now + leaseMs).toISOString(),
        claimToken,
        limit: batchSize,
      }),
    );
    if (claimed.length === 0) return tally;
    const queue = [...claimed];
    const worker = async (): Promise<void> => {
      for (let delivery = queue.shift(); delivery; delivery = queue.shift()) {
        if (options.signal?.aborted) return;
        if (await sender.attempt(delivery, claimToken, timeoutMs)) tally.delivered++;
        else tally.failed++;
      }
    };
    try {
      await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, () => worker()));
    } finally {
      // Claimed but not tried (shutdown): back at once rather than after the lease.
      await releaseDeliveryClaims(
        context.storage.db,
        sender.table,
        queue.map((delivery) => delivery.id),
        claimToken,
      );
    }
    if (claimed.length < batchSize) return tally;
  }
}
