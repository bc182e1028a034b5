import type { Language } from '../../domain/access/roles.js';
import type { WeeklySummaryFigures } from '../../domain/reports/weekly-summary.js';
import type { Executor } from '../../storage/db.js';
import { findCaseById } from '../../storage/repositories/cases.js';
import { CASE_NUMBER_PLACEHOLDER } from '../../domain/cases/case-numbers.js';
import { insertOutboxMessage, listCaseMailThread, type NewOutboxMessage } from '../../storage/repositories/outbox.js';
import { newId, type ServiceContext } from '../context.js';

export interface OutgoingMail {
  kind: string;
  to: string;
  recipientUserId: string | null;
  language: Language;
  subject: string;
  text: string;
  html: string;
  /** Same key, same mail: a producer that runs twice enqueues once. */
  dedupeKey: string;
  caseId: string | null;
  /** The case's number when the caller has it at hand; looked up otherwise. */
  caseNumber?: string | undefined;
  /** Mails with the same thread key are one conversation in the recipient's mail program (e.g. `training:<id>`). */
  threadKey?: string;
  /** Case attachments the mail carries; kept by id, the bytes are read from the file store when it is sent. */
  attachmentIds?: readonly string[];
  /** A weekly summary's figures, which the sender prints as a PDF attachment in the mail's language. */
  report?: WeeklySummaryFigures;
  /** The Message-ID of a mail (not of a case) this one answers: its In-Reply-To and References. */
  answers?: string;
}

/**
 * How many Message-IDs a References header keeps: the thread's first mail and the latest ones. Mail programs need
 * the first to find the thread's root and the last to place the mail; a long case must not grow the header unbounded.
 */
export const MAX_REFERENCES = 20;

/**
 * Puts a mail in the outbox inside the caller's transaction, so the mail exists exactly when the event that
 * caused it does. The sender delivers it later, with retries.
 *
 * A mail of a case joins the case's thread: its subject starts with the case number in brackets, it answers
 * (In-Reply-To) the case's previous mail to the same address, or the case's first mail when this address had none,
 * and its References chain the thread. The headers are stored on the row, so a retry sends the same ones.
 */
export async function enqueueMail(executor: Executor, context: ServiceContext, mail: OutgoingMail): Promise<void> {
  const thread = mail.caseId === null ? null : await caseThread(executor, mail.caseId, mail.caseNumber, mail.to);
  await insertOutboxMessage(executor, outboxRow(context, mail, thread));
}

/**
 * The first mail of a case not written yet (its acknowledgement), for the case writer to write with the case: it
 * starts the case's thread, so it answers nothing, and it names the case by `CASE_NUMBER_PLACEHOLDER` until storage
 * knows the number.
 */
export function firstMailOfNewCase(
  context: ServiceContext,
  mail: OutgoingMail & { caseId: string },
  /** A mail written with the case before this one (its acknowledgement): this one answers it, in the same thread. */
  parent?: NewOutboxMessage,
): NewOutboxMessage {
  const answered = parent ? parent.message_id : null;
  return outboxRow(context, mail, { caseNumber: CASE_NUMBER_PLACEHOLDER, inReplyTo: answered, references: answered });
}

function outboxRow(
  context: ServiceContext,
  mail: OutgoingMail,
  thread: { caseNumber: string; inReplyTo: string | null; references: string | null } | null,
): NewOutboxMessage {
  const at = context.clock.now().toISOString();
  const id = newId();
  const host = new URL(context.publicUrl).hostname || 'casedesk.local';
  return {
    id,
    kind: mail.kind,
    recipient_user_id: mail.recipientUserId,
    to_address: mail.to,
    language: mail.language,
    subject: thread ? subjectInThread(thread.caseNumber, mail.subject) : mail.subject,
    text_body: mail.text,
    html_body: mail.html,
    dedupe_key: mail.dedupeKey,
    status: 'pending',
    attempts: 0,
    next_attempt_at: at,
    lease_until: null,
    claim_token: null,
    last_error: null,
    // A stable Message-ID lets the receiving side drop a duplicate should a send be retried after it went out.
    message_id: `<${id}@${host}>`,
    in_reply_to: thread?.inReplyTo ?? mail.answers ?? null,
    references_header: thread?.references ?? mail.answers ?? null,
    thread_message_id: mail.threadKey ? `<${mail.threadKey.replace(/[^A-Za-z0-9._-]/g, '.')}@${host}>` : null,
    case_id: mail.caseId,
    created_at: at,
    sent_at: null,
    attachment_ids_json: mail.attachmentIds?.length ? JSON.stringify(mail.attachmentIds) : null,
    report_json: mail.report ? JSON.stringify(mail.report) : null,
  };
}

/** `[C-2026-000123] subject`, unless the subject names the case that way already. */
export function subjectInThread(caseNumber: string, subject: string): string {
  const tag = `[${caseNumber}]`;
  return subject.startsWith(tag) ? subject : `${tag} ${subject}`;
}

async function caseThread(
  executor: Executor,
  caseId: string,
  knownNumber: string | undefined,
  to: string,
): Promise<{ caseNumber: string; inReplyTo: string | null; references: string | null }> {
  const [caseNumber, earlier] = await Promise.all([
    knownNumber ?? findCaseById(executor, caseId).then((row) => row?.number ?? ''),
    listCaseMailThread(executor, caseId),
  ]);
  const recipient = to.toLowerCase();
  const parent = earlier.findLast((message) => message.to_address.toLowerCase() === recipient) ?? earlier[0];
  if (!parent) return { caseNumber, inReplyTo: null, references: null };
  const chain = [...(parent.references_header?.split(' ').filter(Boolean) ?? []), parent.message_id];
  const references = chain.length > MAX_REFERENCES ? [chain[0]!, ...chain.slice(-(MAX_REFERENCES - 1))] : chain;
  return { caseNumber, inReplyTo: parent.message_id, references: references.join(' ') };
}
