import type { Language } from '../../domain/access/roles.js';
import type { Executor } from '../../storage/db.js';
import { insertOutboxMessage } from '../../storage/repositories/outbox.js';
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
  /** Mails with the same thread key are one conversation in the recipient's mail program (e.g. `training:<id>`). */
  threadKey?: string;
}

/**
 * Puts a mail in the outbox inside the caller's transaction, so the mail exists exactly when the event that
 * caused it does. The sender delivers it later, with retries.
 */
export async function enqueueMail(executor: Executor, context: ServiceContext, mail: OutgoingMail): Promise<void> {
  const at = context.clock.now().toISOString();
  const id = newId();
  const host = new URL(context.publicUrl).hostname || 'casedesk.local';
  await insertOutboxMessage(executor, {
    id,
    kind: mail.kind,
    recipient_user_id: mail.recipientUserId,
    to_address: mail.to,
    language: mail.language,
    subject: mail.subject,
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
    thread_message_id: mail.threadKey ? `<${mail.threadKey.replace(/[^A-Za-z0-9._-]/g, '.')}@${host}>` : null,
    case_id: mail.caseId,
    created_at: at,
    sent_at: null,
  });
}
