import { randomUUID } from 'node:crypto';
import { MailSendError, type MailTransport } from '../../mail/transport.js';
import { supportsRowLocks } from '../../storage/db.js';
import { claimDueOutboxMessages, markOutboxFailed, markOutboxSent, renewOutboxLease } from '../../storage/repositories/outbox.js';
import type { ServiceContext } from '../context.js';
import { recordCaseEvent } from '../cases/case-events.js';

export interface OutboxDeliveryOptions {
  transport: MailTransport;
  from: string;
  batchSize?: number;
  /** How long a claim keeps other senders away; a sender that dies mid-batch gives its mail back after this. */
  leaseMs?: number;
  /** After this many failed attempts a message is parked as 'dead' for an admin to look at and retry. */
  maxAttempts?: number;
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
 * Sends the mail that is due. Claiming is one short transaction (SKIP LOCKED on PostgreSQL), so several instances
 * split the outbox between them; sending happens outside any transaction, and each outcome is written only if this
 * sender still holds the claim. A crash after the SMTP server accepted a mail but before it was marked sent can
 * resend it once the lease runs out; the stable Message-ID lets mail systems recognise that copy.
 */
export async function deliverDueMail(context: ServiceContext, options: OutboxDeliveryOptions): Promise<DeliveryResult> {
  const batchSize = options.batchSize ?? 20;
  const leaseMs = options.leaseMs ?? 5 * MINUTE;
  const maxAttempts = options.maxAttempts ?? 25;
  const claimToken = randomUUID();
  const now = context.clock.now();
  const claimed = await context.storage.transaction((trx) =>
    claimDueOutboxMessages(trx, {
      now: now.toISOString(),
      leaseUntil: new Date(now.getTime() + leaseMs).toISOString(),
      claimToken,
      limit: batchSize,
      lockRows: supportsRowLocks(context.storage),
    }),
  );

  const result: DeliveryResult = { sent: 0, failed: 0 };
  for (const message of claimed) {
    const leaseUntil = new Date(context.clock.now().getTime() + leaseMs).toISOString();
    if (!(await renewOutboxLease(context.storage.db, message.id, claimToken, leaseUntil))) continue;
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
        status: permanent || attempts >= maxAttempts ? 'dead' : 'pending',
        attempts,
        nextAttemptAt: new Date(failedAt + retryDelayMs(attempts)).toISOString(),
        lastError: (error instanceof Error ? error.message : String(error)).slice(0, 1000),
      });
      result.failed++;
    }
  }
  return result;
}
