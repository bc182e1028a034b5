import { randomUUID } from 'node:crypto';
import { DEFAULT_OUTBOX_LEASE_MS } from '../../config.js';
import { MailSendError, type MailTransport } from '../../mail/transport.js';
import { supportsRowLocks } from '../../storage/db.js';
import {
  claimDueOutboxMessages,
  markOutboxFailed,
  markOutboxSent,
  releaseOutboxClaims,
  renewOutboxClaim,
  renewOutboxLease,
  type OutboxMessageRow,
} from '../../storage/repositories/outbox.js';
import type { ServiceContext } from '../context.js';
import { recordCaseEvent } from '../cases/case-events.js';

export interface OutboxDeliveryOptions {
  transport: MailTransport;
  from: string;
  /** The first claim's size; while claims come back full, each next one is twice as large, up to `maxBatchSize`. */
  batchSize?: number;
  maxBatchSize?: number;
  /**
   * How long a claim keeps other senders away without a heartbeat. A live sender renews it every `heartbeatMs`
   * (a third of it by default), so only the mail of a sender that died or hung waits this long for another one.
   */
  leaseMs?: number;
  heartbeatMs?: number;
  /** After this many failed attempts a message is parked as 'dead' for an admin to look at and retry. */
  maxAttempts?: number;
  /** Aborted at shutdown: no more claims, mail in flight finishes, claimed but unsent mail is handed back at once. */
  signal?: AbortSignal;
}

const MINUTE = 60_000;

/** 30 s, 1 min, 2 min, … capped at one hour: an SMTP outage delays mail, the retries never stop mattering. */
export function retryDelayMs(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 60 * MINUTE);
}

export interface DeliveryResult {
  sent: number;
  failed: number;
}

/**
 * Sends the mail that is due, and keeps claiming while there is more, so a storm of reports drains in one run
 * instead of one batch per tick. Claiming is one short transaction (SKIP LOCKED on PostgreSQL), so several instances
 * split the outbox between them; as many mails as the transport has connections are sent at once, outside any
 * transaction, and each outcome is written only if this sender still holds the claim.
 *
 * Delivery is at-least-once: a sender that dies after the relay accepted a mail but before it recorded that leaves
 * the mail claimed; once its lease runs out (seconds, as nobody renews it) another sender sends it again, with the
 * same Message-ID, so the receiving side can recognise the copy.
 */
export async function deliverDueMail(context: ServiceContext, options: OutboxDeliveryOptions): Promise<DeliveryResult> {
  const leaseMs = options.leaseMs ?? DEFAULT_OUTBOX_LEASE_MS;
  const heartbeatMs = options.heartbeatMs ?? Math.max(100, Math.floor(leaseMs / 3));
  const maxBatchSize = Math.max(1, options.maxBatchSize ?? 200);
  const concurrency = Math.max(1, options.transport.concurrency);
  const signal = options.signal;
  // One token for every batch of this run: the heartbeat renews all of them in one statement.
  const claimToken = randomUUID();
  const leaseFromNow = () => new Date(context.clock.now().getTime() + leaseMs).toISOString();
  const result: DeliveryResult = { sent: 0, failed: 0 };

  const queue: OutboxMessageRow[] = [];
  let nextBatchSize = Math.min(maxBatchSize, Math.max(1, options.batchSize ?? 20));
  let mayHaveMore = true;
  let claiming: Promise<void> | null = null;
  let claimError: unknown = null;
  const stopping = () => signal?.aborted === true || claimError !== null;

  const claimMore = (): Promise<void> =>
    (claiming ??= (async () => {
      try {
        const now = context.clock.now();
        const limit = nextBatchSize;
        const claimed = await context.storage.transaction((trx) =>
          claimDueOutboxMessages(trx, {
            now: now.toISOString(),
            leaseUntil: new Date(now.getTime() + leaseMs).toISOString(),
            claimToken,
            limit,
            lockRows: supportsRowLocks(context.storage),
          }),
        );
        queue.push(...claimed);
        mayHaveMore = claimed.length === limit;
        nextBatchSize = Math.min(maxBatchSize, limit * 2);
      } catch (error) {
        claimError = error;
      } finally {
        claiming = null;
      }
    })());

  await claimMore();
  if (queue.length === 0) {
    if (claimError !== null) throw claimError;
    return result;
  }

  // A live sender keeps its claim however slow the relay is; one that dies stops renewing and its mail is free soon.
  let beat: Promise<unknown> | null = null;
  const heartbeat = setInterval(() => {
    // A failed renewal is retried at the next beat; a claim lost meanwhile is caught by the check before each send.
    beat ??= renewOutboxClaim(context.storage.db, claimToken, leaseFromNow())
      .catch(() => undefined)
      .finally(() => (beat = null));
  }, heartbeatMs);
  heartbeat.unref();

  const worker = async (): Promise<void> => {
    for (;;) {
      if (stopping()) return;
      // Claim the next batch while this one still has work, so the connections never wait for the database.
      if (queue.length <= concurrency && mayHaveMore && claiming === null) void claimMore();
      const message = queue.shift();
      if (message) {
        await sendOne(context, options, message, claimToken, leaseFromNow(), result);
        continue;
      }
      if (claiming !== null) {
        await claiming;
        continue;
      }
      if (!mayHaveMore) return;
      await claimMore();
    }
  };

  try {
    const outcomes = await Promise.allSettled(Array.from({ length: concurrency }, () => worker()));
    const failure = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
    if (failure) throw failure.reason;
    if (claimError !== null) throw claimError;
  } finally {
    clearInterval(heartbeat);
    await claiming;
    await beat;
    // Whatever was claimed but not tried goes back now rather than after the lease: another instance may take it.
    await releaseOutboxClaims(
      context.storage.db,
      queue.splice(0).map((message) => message.id),
      claimToken,
    );
  }
  return result;
}

async function sendOne(
  context: ServiceContext,
  options: OutboxDeliveryOptions,
  message: OutboxMessageRow,
  claimToken: string,
  leaseUntil: string,
  result: DeliveryResult,
): Promise<void> {
  // Lost claims (this sender stalled past its lease and another took over) are skipped, not sent a second time.
  if (!(await renewOutboxLease(context.storage.db, message.id, claimToken, leaseUntil))) return;
  try {
    await options.transport.send({
      from: options.from,
      to: message.to_address,
      subject: message.subject,
      text: message.text_body,
      html: message.html_body,
      messageId: message.message_id,
    });
    await context.storage.transaction(async (trx) => {
      const sentAt = context.clock.now().toISOString();
      if (!(await markOutboxSent(trx, message.id, claimToken, sentAt)) || message.case_id === null) return;
      // The case timeline shows that the mail actually left, not only that it was meant to.
      await recordCaseEvent(trx, {
        caseId: message.case_id,
        at: sentAt,
        kind: 'notification.sent',
        actorUserId: null,
        visibility: 'internal',
        data: {
          kind: message.kind,
          to: message.to_address,
          recipientUserId: message.recipient_user_id,
          subject: message.subject,
          messageId: message.message_id,
        },
      });
    });
    result.sent++;
  } catch (error) {
    const attempts = message.attempts + 1;
    const permanent = error instanceof MailSendError && error.permanent;
    const failedAt = context.clock.now().getTime();
    await markOutboxFailed(context.storage.db, message.id, claimToken, {
      status: permanent || attempts >= (options.maxAttempts ?? 25) ? 'dead' : 'pending',
      attempts,
      nextAttemptAt: new Date(failedAt + retryDelayMs(attempts)).toISOString(),
      lastError: (error instanceof Error ? error.message : String(error)).slice(0, 1000),
    });
    result.failed++;
  }
}
