import { renderTooLargeMail } from '../../mail/templates/refused-mail.js';
import type { InboundMessage } from '../../mail/inbound-message.js';
import { findContactsByEmail, findInboundMailByMessageId, insertInboundMail } from '../../storage/repositories/inbound-mail.js';
import { sizeInWords } from '../attachments/stored-files.js';
import { mailsPortalTo } from '../cases/case-mail.js';
import { newId, type ServiceContext } from '../context.js';
import { enqueueMail, type OutgoingMail } from '../notifications/enqueue-mail.js';
import { readHotlineNumber } from '../settings/service-desk-settings.js';
import { decide, headerColumns, recordedByAnother, type InboundOutcome, type InboundSettings } from './receive-inbound-mail.js';

/**
 * Why a mail from the mailbox was not taken in: over `CASEDESK_INBOUND_MAX_BYTES` (only its headers were read), not
 * readable as a mail, or failing each time it was taken in.
 */
export const REFUSAL_REASONS = ['too-large', 'unreadable', 'failed'] as const;
export type RefusalReason = (typeof REFUSAL_REASONS)[number];

export interface Refusal {
  reason: RefusalReason;
  /** The mail's size as the mailbox reported it. */
  sizeBytes: number;
  /** The limit it was measured against (for the answer to a too-large mail). */
  maxBytes: number;
}

/**
 * Records a mail CaseDesk does not take in, once (by Message-ID), with the status `refused` and its reason, so staff see
 * it among the mail waiting for them. The sender of a mail too large is answered, in the mail's thread and in their
 * language when they are a contact (English otherwise), with the limit and how to send instead; in the same
 * transaction, so the answer exists exactly when the record does. Mail a machine wrote, our own mail coming back and a
 * sender over the hourly limit get no answer (the loop-safety rules of every inbound mail).
 *
 * `message` holds what could be read: the headers only, for mail too large or unreadable; `raw` is what is kept of it
 * (the headers, or the whole mail when it was read whole).
 */
export async function refuseInboundMail(
  context: ServiceContext,
  message: InboundMessage,
  raw: string,
  envelope: { to: string | null },
  settings: InboundSettings,
  refusal: Refusal,
): Promise<InboundOutcome> {
  const earlier = await findInboundMailByMessageId(context.storage.db, message.messageId);
  if (earlier) return { inboundMailId: earlier.id, duplicate: true, status: earlier.status, caseId: earlier.case_id };
  const now = context.clock.now();
  const answer = refusal.reason === 'too-large' ? await tooLargeAnswer(context, message, settings, refusal, now) : null;
  try {
    return await context.storage.transaction(async (trx) => {
      const id = newId();
      if (answer) await enqueueMail(trx, context, { ...answer, dedupeKey: `inbound-refused:${id}` });
      await insertInboundMail(trx, {
        id,
        ...headerColumns(message, envelope),
        received_at: now.toISOString(),
        text_body: refusal.reason === 'failed' ? message.text : '',
        html_body: refusal.reason === 'failed' ? message.html : null,
        raw,
        status: 'refused',
        reason: refusal.reason,
        case_id: null,
        handled_by: null,
        handled_at: null,
        size_bytes: refusal.sizeBytes,
      });
      return { inboundMailId: id, duplicate: false, status: 'refused', caseId: null };
    });
  } catch (error) {
    // Another instance recorded it first: its answer is the one that goes.
    return recordedByAnother(context, message, error);
  }
}

/** The answer to the sender of a mail too large, or null when the sender must not be answered. */
async function tooLargeAnswer(
  context: ServiceContext,
  message: InboundMessage,
  settings: InboundSettings,
  refusal: Refusal,
  now: Date,
): Promise<Omit<OutgoingMail, 'dedupeKey'> | null> {
  if (!message.fromAddress.includes('@')) return null;
  const [decision, contacts, hotlineNumber] = await Promise.all([
    decide(context.storage.db, context, message, settings, now),
    findContactsByEmail(context.storage.db, message.fromAddress),
    readHotlineNumber(context.storage.db),
  ]);
  // Our own mail, a machine's, a delivery report, a sender writing too often: answering could start a loop.
  if (decision.kind === 'ignored' || decision.kind === 'bounce') return null;
  const contact = contacts.find((candidate) => !candidate.retired) ?? contacts[0];
  const language = contact?.language === 'zh-CN' ? 'zh-CN' : 'en';
  // The portal is offered only to a sender who can sign in to it, as in every mail to a customer.
  const portal = (await Promise.all(contacts.map((candidate) => mailsPortalTo(context.storage.db, candidate.id)))).some(Boolean);
  const mail = renderTooLargeMail({
    language,
    subject: message.subject,
    size: sizeInWords(refusal.sizeBytes),
    limit: sizeInWords(refusal.maxBytes),
    portalUrl: portal ? `${context.publicUrl.replace(/\/$/, '')}/portal` : null,
    hotlineNumber,
  });
  return {
    kind: 'inbound-refused',
    to: message.fromAddress,
    recipientUserId: null,
    language,
    ...mail,
    caseId: null,
    // A mail without a Message-ID of its own (`sha256:…`) has nothing to answer in a thread.
    ...(message.messageId.startsWith('<') ? { answers: message.messageId } : {}),
  };
}
