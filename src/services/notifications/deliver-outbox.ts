import { randomUUID } from 'node:crypto';
import { DEFAULT_OUTBOX_LEASE_MS } from '../../config.js';
import { MailSendError, type MailTransport } from '../../mail/transport.js';
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
import { recordCaseEvents, type CaseEvent } from '../cases/case-events.js';
import { mailAttachmentsOf } from '../attachments/case-attachments.js';
import { weeklySummaryAttachmentOf } from '../reports/weekly-summary-attachment.js';

export interface OutboxDeliveryOptions {
  transport: MailTransport;
  from: string;
  /** The Reply-To of every mail of a case (the first of `CASEDESK_INBOUND_ADDRESSES`), so answers come back to CaseDesk. */
  caseReplyTo?: string | null | undefined;
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
 * transaction. Outcomes are written only where this sender still holds the claim; the mails the relay accepted are
 * recorded together, as soon as the previous record is written, so the connections do not wait for the database.
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
  const clock = context.clock;
  // One token for every batch of this run: the heartbeat renews all of them in one statement.
  const claimToken = randomUUID();
  const result: DeliveryResult = { sent: 0, failed: 0 };
  let failure: unknown = null;

  const queue: OutboxMessageRow[] = [];
  // Until when each message is known to be ours: set by the claim, pushed forward by each heartbeat that returned it.
  const leases = new Map<string, number>();
  let nextBatchSize = Math.min(maxBatchSize, Math.max(1, options.batchSize ?? 20));
  let mayHaveMore = true;
  let claiming: Promise<void> | null = null;
  const stopping = () => signal?.aborted === true || failure !== null;

  const claimMore = (): Promise<void> =>
    (claiming ??= (async () => {
      try {
        const now = clock.now().getTime();
        const limit = nextBatchSize;
        const claimed = await context.storage.transaction((trx) =>
          claimDueOutboxMessages(trx, {
            now: new Date(now).toISOString(),
            leaseUntil: new Date(now + leaseMs).toISOString(),
            claimToken,
            limit,
          }),
        );
        for (const message of claimed) leases.set(message.id, now + leaseMs);
        queue.push(...claimed);
        mayHaveMore = claimed.length === limit;
        nextBatchSize = Math.min(maxBatchSize, limit * 2);
      } catch (error) {
        failure ??= error;
      } finally {
        claiming = null;
      }
    })());

  await claimMore();
  if (queue.length === 0) {
    if (failure !== null) throw failure;
    return result;
  }

  // A live sender keeps its claim however slow the relay is; one that dies stops renewing and its mail is free soon.
  let beat: Promise<unknown> | null = null;
  const heartbeat = setInterval(() => {
    const until = clock.now().getTime() + leaseMs;
    // A failed renewal is retried at the next beat; until one succeeds, each send checks its own claim first.
    beat ??= renewOutboxClaim(context.storage.db, claimToken, new Date(until).toISOString())
      .then((held) => {
        for (const id of held) if (leases.has(id)) leases.set(id, until);
      })
      .catch(() => undefined)
      .finally(() => (beat = null));
  }, heartbeatMs);
  heartbeat.unref();

  /** Whether this sender may send the message now: its claim is fresh, or the row itself confirms it is still ours. */
  const stillHeld = async (message: OutboxMessageRow): Promise<boolean> => {
    const now = clock.now().getTime();
    if ((leases.get(message.id) ?? 0) - now >= leaseMs / 3) return true;
    // No heartbeat confirmed this claim lately (a slow or unreachable database): another sender may have taken it.
    if (!(await renewOutboxLease(context.storage.db, message.id, claimToken, new Date(now + leaseMs).toISOString()))) return false;
    leases.set(message.id, now + leaseMs);
    return true;
  };

  // The mails the relay accepted, waiting to be recorded; one transaction records all that gathered meanwhile.
  const accepted: OutboxMessageRow[] = [];
  let recording: Promise<void> | null = null;
  const recordAccepted = async (): Promise<void> => {
    try {
      while (accepted.length > 0) {
        const batch = accepted.splice(0, 200);
        try {
          await recordSent(context, batch, claimToken);
        } catch {
          // One more try; if the database still refuses, the mails stay claimed and are sent again after the lease.
          await new Promise((resolve) => setTimeout(resolve, 200));
          await recordSent(context, batch, claimToken).catch((error: unknown) => (failure ??= error));
        }
        for (const message of batch) leases.delete(message.id);
      }
    } finally {
      recording = null;
    }
  };

  const send = async (message: OutboxMessageRow): Promise<void> => {
    // A claim lost (this sender stalled past its lease and another took over) is skipped, not sent a second time.
    if (!(await stillHeld(message))) {
      leases.delete(message.id);
      return;
    }
    try {
      const attachments = [
        ...(await mailAttachmentsOf(context, message.attachment_ids_json)),
        ...(await weeklySummaryAttachmentOf(context, message)),
      ];
      await options.transport.send({
        from: options.from,
        to: message.to_address,
        subject: message.subject,
        text: message.text_body,
        html: message.html_body,
        messageId: message.message_id,
        ...(message.in_reply_to ? { inReplyTo: message.in_reply_to } : {}),
        ...(message.references_header ? { references: message.references_header } : {}),
        ...(message.case_id !== null && options.caseReplyTo ? { replyTo: options.caseReplyTo } : {}),
        threadMessageId: message.thread_message_id,
        ...(attachments.length > 0 ? { attachments } : {}),
      });
    } catch (error) {
      leases.delete(message.id);
      const attempts = message.attempts + 1;
      const permanent = error instanceof MailSendError && error.permanent;
      await markOutboxFailed(context.storage.db, message.id, claimToken, {
        status: permanent || attempts >= (options.maxAttempts ?? 25) ? 'dead' : 'pending',
        attempts,
        nextAttemptAt: new Date(clock.now().getTime() + retryDelayMs(attempts)).toISOString(),
        lastError: (error instanceof Error ? error.message : String(error)).slice(0, 1000),
      });
      result.failed++;
      return;
    }
    result.sent++;
    accepted.push(message);
    recording ??= recordAccepted();
  };

  const worker = async (): Promise<void> => {
    for (;;) {
      if (stopping()) return;
      // Claim the next batch while this one still has work, so the connections never wait for the database.
      if (queue.length <= concurrency && mayHaveMore && claiming === null) void claimMore();
      const message = queue.shift();
      if (message) {
        await send(message);
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
    const rejected = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
    if (rejected) failure ??= rejected.reason;
  } finally {
    await claiming;
    while (recording !== null) await recording;
    clearInterval(heartbeat);
    await beat;
    // Whatever was claimed but not tried goes back now rather than after the lease: another instance may take it.
    await releaseOutboxClaims(
      context.storage.db,
      queue.splice(0).map((message) => message.id),
      claimToken,
    );
  }
  if (failure !== null) throw failure;
  return result;
}

/** Marks accepted mails sent, and puts each on its case's timeline: that the mail actually left, not only that it was meant to. */
async function recordSent(context: ServiceContext, messages: OutboxMessageRow[], claimToken: string): Promise<void> {
  const sentAt = context.clock.now().toISOString();
  const byId = new Map(messages.map((message) => [message.id, message]));
  await context.storage.transaction(async (trx) => {
    const marked = await markOutboxSent(trx, [...byId.keys()], claimToken, sentAt);
    const events: CaseEvent[] = [];
    for (const row of marked) {
      const message = byId.get(row.id);
      if (!message || message.case_id === null) continue;
      events.push({
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
    }
    await recordCaseEvents(trx, events);
  });
}
