import type { Actor } from '../../domain/access/permissions.js';
import type { Language } from '../../domain/access/roles.js';
import { isCaseStatus } from '../../domain/cases/case-lifecycle.js';
import { caseNumberInSubject, decideInboundMail, type CaseFacts, type InboundDecision } from '../../domain/mail/inbound-decision.js';
import { trimQuotedHistory } from '../../domain/mail/quoted-text.js';
import { translate } from '../../i18n/translate.js';
import type { InboundMessage } from '../../mail/inbound-message.js';
import { isUniqueViolation, type DatabaseTransaction } from '../../storage/db.js';
import { findCaseById, findCaseEventIdOfKind, updateCaseRow } from '../../storage/repositories/cases.js';
import type { FileStore } from '../../storage/file-store.js';
import { storeMailedFiles } from '../attachments/case-attachments.js';
import { filesOf } from '../attachments/stored-files.js';
import {
  countInboundMailFrom,
  findCaseIdByMessageIds,
  findCaseIdByNumber,
  findContactsByEmail,
  findInboundMailByMessageId,
  findOutboxByMessageIds,
  insertInboundMail,
  markOutboxBounced,
  updateInboundMail,
} from '../../storage/repositories/inbound-mail.js';
import { findUserById } from '../../storage/repositories/users.js';
import { recordCaseEvent } from '../cases/case-events.js';
import { openCaseIn } from '../cases/open-case.js';
import { transitionCaseIn } from '../cases/transition-case.js';
import { newId, type ServiceContext } from '../context.js';
import { notifyUser } from '../notifications/notify-user.js';

/** Mail acts for the company, not for a person: the case it opens is created by the system. */
export const MAIL_ACTOR: Actor = { userId: 'system', role: 'admin', organizationId: null };

/** More mails than this from one sender within an hour are kept but do nothing (a runaway script, a loop). */
export const DEFAULT_INBOUND_RATE_LIMIT_PER_HOUR = 20;

export interface InboundSettings {
  /** CaseDesk's own addresses (the inbound ones and the sender of its mail), lower case. */
  ownAddresses: readonly string[];
  ratePerHour?: number;
}

export interface InboundOutcome {
  inboundMailId: string;
  /** The mail had been taken in before (same Message-ID): nothing was done again. */
  duplicate: boolean;
  status: string;
  caseId: string | null;
}

const TITLE_MAX = 300;
const DESCRIPTION_MAX = 20_000;

/**
 * Takes in one mail: stores it (once, by Message-ID) and does what it means — opens a case, adds the sender's reply
 * to a case, marks a bounced mail failed, or leaves it for staff — all in one transaction. When the caller hears
 * back, the result is committed; a mail delivered again finds its row and changes nothing.
 */
export async function receiveInboundMail(
  context: ServiceContext,
  message: InboundMessage,
  raw: string,
  envelope: { to: string | null },
  settings: InboundSettings,
): Promise<InboundOutcome> {
  const earlier = await findInboundMailByMessageId(context.storage.db, message.messageId);
  if (earlier) return { inboundMailId: earlier.id, duplicate: true, status: earlier.status, caseId: earlier.case_id };
  try {
    return await withMailFiles(context, message.attachments, (files) =>
      context.storage.transaction(async (trx) => {
        const now = context.clock.now();
        const at = now.toISOString();
        const id = newId();
        // First, so a second delivery racing this one (another instance, a retry) stops here until this commits.
        await insertInboundMail(trx, {
          id,
          message_id: message.messageId,
          received_at: at,
          from_address: message.fromAddress,
          from_name: message.fromName,
          to_address: envelope.to,
          subject: message.subject,
          in_reply_to: message.inReplyTo,
          references_json: JSON.stringify(message.references),
          text_body: message.text,
          html_body: message.html,
          raw,
          status: 'received',
          reason: null,
          case_id: null,
          handled_by: null,
          handled_at: null,
        });
        const decision = await decide(trx, context, message, settings, now);
        const applied = await apply(trx, context, decision, message, id, at, files);
        await updateInboundMail(trx, id, { status: applied.status, reason: applied.reason, case_id: applied.caseId });
        return { inboundMailId: id, duplicate: false, status: applied.status, caseId: applied.caseId };
      }),
    );
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const stored = await findInboundMailByMessageId(context.storage.db, message.messageId);
    if (!stored) throw error;
    return { inboundMailId: stored.id, duplicate: true, status: stored.status, caseId: stored.case_id };
  }
}

async function caseFacts(trx: DatabaseTransaction, caseId: string | null): Promise<CaseFacts | null> {
  if (!caseId) return null;
  const row = await findCaseById(trx, caseId);
  if (!row || !isCaseStatus(row.status)) return null;
  return { id: row.id, organizationId: row.organization_id, status: row.status };
}

async function decide(
  trx: DatabaseTransaction,
  context: ServiceContext,
  message: InboundMessage,
  settings: InboundSettings,
  now: Date,
): Promise<InboundDecision> {
  const threadIds = [...new Set([message.inReplyTo, ...message.references].filter((value): value is string => value !== null))];
  const subjectNumber = caseNumberInSubject(message.subject);
  const [contacts, recent, threadedCaseId, subjectCaseId, bounced] = await Promise.all([
    findContactsByEmail(trx, message.fromAddress),
    countInboundMailFrom(trx, message.fromAddress, new Date(now.getTime() - 3_600_000).toISOString()),
    findCaseIdByMessageIds(trx, threadIds),
    subjectNumber ? findCaseIdByNumber(trx, subjectNumber) : null,
    message.isDeliveryReport ? findOutboxByMessageIds(trx, message.reportedMessageIds) : undefined,
  ]);
  const [threadedCase, subjectCase] = await Promise.all([caseFacts(trx, threadedCaseId), caseFacts(trx, subjectCaseId)]);
  return decideInboundMail({
    from: message.fromAddress,
    ownAddresses: settings.ownAddresses,
    loop: message.loop,
    isDeliveryReport: message.isDeliveryReport,
    bouncedOutboxId: bounced?.id ?? null,
    // The row of this mail is already written and counted.
    recentFromSender: Math.max(0, recent - 1),
    rateLimit: settings.ratePerHour ?? DEFAULT_INBOUND_RATE_LIMIT_PER_HOUR,
    senderContacts: contacts.map((contact) => ({
      contactId: contact.id,
      organizationId: contact.organization_id,
      retired: contact.retired,
    })),
    threadedCase,
    subjectCase,
  });
}

interface Applied {
  status: string;
  reason: string | null;
  caseId: string | null;
}

/** Where a mail's files are stored, and the keys written so far (to discard should the transaction fail). */
export interface MailFiles {
  store: FileStore | null;
  keys: string[];
}

/**
 * Runs `work` (the transaction that takes a mail in) with where its files go: the file store, in that transaction;
 * on SQLite they are files in the data folder, removed again should the transaction fail.
 */
export async function withMailFiles<T>(
  context: ServiceContext,
  attachments: readonly unknown[],
  work: (files: MailFiles) => Promise<T>,
): Promise<T> {
  const files: MailFiles = { store: attachments.length > 0 ? filesOf(context) : null, keys: [] };
  try {
    return await work(files);
  } catch (error) {
    await files.store?.discardUnsaved(files.keys);
    throw error;
  }
}

/** Puts a mail's files on the timeline entry it became (the case it opened, or the reply). */
async function attachMailedFiles(
  trx: DatabaseTransaction,
  context: ServiceContext,
  files: MailFiles,
  message: Pick<InboundMessage, 'attachments' | 'fromName' | 'fromAddress'>,
  target: { caseId: string; eventId: string; senderUserId: string | null; senderName?: string | null },
): Promise<void> {
  if (!files.store || message.attachments.length === 0) return;
  await storeMailedFiles(
    trx,
    context,
    files.store,
    {
      caseId: target.caseId,
      eventId: target.eventId,
      files: message.attachments,
      senderName: target.senderName ?? message.fromName ?? message.fromAddress,
      senderUserId: target.senderUserId,
    },
    files.keys,
  );
}

async function apply(
  trx: DatabaseTransaction,
  context: ServiceContext,
  decision: InboundDecision,
  message: InboundMessage,
  inboundMailId: string,
  at: string,
  files: MailFiles,
): Promise<Applied> {
  switch (decision.kind) {
    case 'ignored':
      return { status: 'ignored', reason: decision.reason, caseId: null };
    case 'unmatched':
      return { status: 'unmatched', reason: decision.reason, caseId: null };
    case 'bounce': {
      const outbox = await findOutboxByMessageIds(trx, message.reportedMessageIds);
      await markOutboxBounced(trx, decision.outboxId, `bounced: ${message.subject}`.slice(0, 500));
      if (outbox?.case_id)
        await recordCaseEvent(trx, {
          caseId: outbox.case_id,
          at,
          kind: 'notification.bounced',
          actorUserId: null,
          visibility: 'internal',
          data: { to: outbox.to_address, outboxId: decision.outboxId, subject: message.subject, inboundMailId },
        });
      return { status: 'bounce', reason: null, caseId: outbox?.case_id ?? null };
    }
    case 'new-case':
    case 'follow-up-case': {
      const caseId = await openCaseFromMail(trx, context, message, decision.organizationId, decision.contactId, files);
      if (decision.kind === 'follow-up-case') {
        const closed = await findCaseById(trx, decision.closedCaseId);
        await recordCaseEvent(trx, {
          caseId,
          at,
          kind: 'case.follow-up-of',
          actorUserId: null,
          visibility: 'public',
          data: { caseId: decision.closedCaseId, number: closed?.number ?? null },
        });
      }
      return { status: 'case-opened', reason: decision.kind === 'follow-up-case' ? 'follow-up' : null, caseId };
    }
    case 'reply':
      await addMailedReply(trx, context, message, decision, inboundMailId, at, files);
      return { status: 'replied', reason: null, caseId: decision.caseId };
  }
}

/** Opens the case a mail asks for: channel e-mail, level 3, the mail's text as its description, its files on it. */
export async function openCaseFromMail(
  trx: DatabaseTransaction,
  context: ServiceContext,
  message: Pick<InboundMessage, 'subject' | 'text' | 'fromAddress' | 'fromName' | 'attachments'>,
  organizationId: string,
  contactId: string,
  files: MailFiles,
): Promise<string> {
  const title =
    message.subject.trim() ||
    message.text
      .split('\n')
      .find((line) => line.trim())
      ?.trim() ||
    message.fromAddress;
  const opened = await openCaseIn(trx, context, MAIL_ACTOR, {
    organizationId,
    contactId,
    channel: 'email',
    level: 3,
    title: title.slice(0, TITLE_MAX),
    description: message.text.slice(0, DESCRIPTION_MAX),
    departmentOptional: true,
  });
  const createdEventId = await findCaseEventIdOfKind(trx, opened.id, 'case.created');
  if (createdEventId)
    await attachMailedFiles(trx, context, files, message, { caseId: opened.id, eventId: createdEventId, senderUserId: null });
  return opened.id;
}

async function addMailedReply(
  trx: DatabaseTransaction,
  context: ServiceContext,
  message: InboundMessage,
  decision: Extract<InboundDecision, { kind: 'reply' }>,
  inboundMailId: string,
  at: string,
  files: MailFiles,
): Promise<void> {
  const [contactUser, contacts] = await Promise.all([
    trx.selectFrom('users').select('id').where('contact_id', '=', decision.contactId).executeTakeFirst(),
    findContactsByEmail(trx, message.fromAddress),
  ]);
  const contactName = contacts.find((contact) => contact.id === decision.contactId)?.name ?? message.fromName ?? message.fromAddress;
  if (decision.reopen) await transitionCaseIn(trx, context, MAIL_ACTOR, decision.caseId, { to: 'in_progress' });
  await updateCaseRow(trx, decision.caseId, { updated_at: at });
  const eventId = await recordCaseEvent(trx, {
    caseId: decision.caseId,
    at,
    kind: 'case.note',
    // A contact with a customer account is that user; otherwise the contact is named in the entry.
    actorUserId: contactUser?.id ?? null,
    visibility: 'public',
    data: {
      body: trimQuotedHistory(message.text).slice(0, DESCRIPTION_MAX),
      via: 'email',
      inboundMailId,
      contactId: decision.contactId,
      authorName: contactName,
      from: message.fromAddress,
    },
  });
  await attachMailedFiles(trx, context, files, message, {
    caseId: decision.caseId,
    eventId,
    senderUserId: contactUser?.id ?? null,
    senderName: contactName,
  });
  const row = await findCaseById(trx, decision.caseId);
  if (row?.assignee_user_id) {
    const assignee = await findUserById(trx, row.assignee_user_id);
    const language: Language = assignee?.language === 'zh-CN' ? 'zh-CN' : 'en';
    await notifyUser(trx, context, {
      userId: row.assignee_user_id,
      kind: 'case.customer-replied',
      caseId: row.id,
      title: translate(language, 'notifications.mailReplyTitle', { number: row.number, name: contactName }),
      body: trimQuotedHistory(message.text).slice(0, 200),
      link: `/cases/${row.id}`,
      dedupeKey: `case.customer-replied:${inboundMailId}`,
    });
  }
}
