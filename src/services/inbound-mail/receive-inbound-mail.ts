import type { Actor } from '../../domain/access/permissions.js';
import { isCaseStatus } from '../../domain/cases/case-lifecycle.js';
import type { CaseLevel } from '../../domain/cases/levels.js';
import { caseNumberInSubject, decideInboundMail, type CaseFacts, type InboundDecision } from '../../domain/mail/inbound-decision.js';
import { trimQuotedHistory } from '../../domain/mail/quoted-text.js';
import type { InboundMessage } from '../../mail/inbound-message.js';
import { inTurnOn, isUniqueViolation, type DatabaseTransaction, type Executor } from '../../storage/db.js';
import { findCaseById, updateCaseRow } from '../../storage/repositories/cases.js';
import { findUserIdOfContact } from '../../storage/repositories/users.js';
import type { FileStore } from '../../storage/file-store.js';
import { mailedFilesTooLarge, storeMailedFiles } from '../attachments/case-attachments.js';
import { filesOf } from '../attachments/stored-files.js';
import {
  countInboundMailFrom,
  findCaseIdByMessageIds,
  findCaseIdByNumber,
  findContactsByEmail,
  findInboundMailByMessageId,
  findOutboxByMessageIds,
  findStoredMessageIds,
  insertInboundMail,
  markOutboxBounced,
} from '../../storage/repositories/inbound-mail.js';
import { recordCaseEvent } from '../cases/case-events.js';
import { prepareCaseOpening, writeCaseOpening, type CaseOpening, type OpenCaseInput } from '../cases/open-case.js';
import { transitionCaseIn } from '../cases/transition-case.js';
import { newId, type ServiceContext } from '../context.js';
import { notifyCaseEvent } from '../notifications/notify-case-event.js';
import { readMailCaseLevel } from '../settings/service-desk-settings.js';

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
 *
 * What the mail means, and the case it opens, are read and decided before the transaction, as an intake from the
 * hotline is (side by side, and shared with the other mails in hand: `prepareCaseOpening`); the transaction only
 * writes. Its last write is the mail's row: a second delivery racing this one (another instance, a retry) fails
 * there on the unique Message-ID and rolls back everything it wrote, so the mail counts once.
 */
export async function receiveInboundMail(
  context: ServiceContext,
  message: InboundMessage,
  raw: string,
  envelope: { to: string | null },
  settings: InboundSettings,
  options: { knownNew?: boolean } = {},
): Promise<InboundOutcome> {
  // A batch from the mailbox asked for all of its Message-IDs at once (`storedMessageIds`).
  if (!options.knownNew) {
    const earlier = await findInboundMailByMessageId(context.storage.db, message.messageId);
    if (earlier) return { inboundMailId: earlier.id, duplicate: true, status: earlier.status, caseId: earlier.case_id };
  }
  try {
    const now = context.clock.now();
    const [decision, level] = await Promise.all([
      decide(context.storage.db, context, message, settings, now),
      readMailCaseLevel(context.storage.db),
    ]);
    const opening =
      decision.kind === 'new-case' || decision.kind === 'follow-up-case'
        ? await prepareCaseOpening(context, MAIL_ACTOR, caseFromMail(context, message, decision.organizationId, decision.contactId, level))
        : null;
    return await withMailFiles(context, message.attachments, (files) =>
      context.storage.transaction(async (trx) => {
        const at = now.toISOString();
        const id = newId();
        const applied = await apply(trx, context, decision, opening, message, id, at, files);
        await insertInboundMail(trx, {
          id,
          ...headerColumns(message, envelope),
          received_at: at,
          text_body: message.text,
          html_body: message.html,
          raw,
          status: applied.status,
          reason: applied.reason,
          case_id: applied.caseId,
          handled_by: null,
          handled_at: null,
        });
        return { inboundMailId: id, duplicate: false, status: applied.status, caseId: applied.caseId };
      }),
    );
  } catch (error) {
    return recordedByAnother(context, message, error);
  }
}

/** The columns of a stored mail that come from its headers and envelope, whatever became of it. */
export function headerColumns(message: InboundMessage, envelope: { to: string | null }) {
  return {
    message_id: message.messageId,
    from_address: message.fromAddress,
    from_name: message.fromName,
    to_address: envelope.to,
    subject: message.subject,
    in_reply_to: message.inReplyTo,
    references_json: JSON.stringify(message.references),
  };
}

/** A write that failed on the unique Message-ID: another instance (or a retry) stored the mail first. */
export async function recordedByAnother(context: ServiceContext, message: InboundMessage, error: unknown): Promise<InboundOutcome> {
  if (!isUniqueViolation(error)) throw error;
  const stored = await findInboundMailByMessageId(context.storage.db, message.messageId);
  if (!stored) throw error;
  return { inboundMailId: stored.id, duplicate: true, status: stored.status, caseId: stored.case_id };
}

/**
 * Runs `work`, moving taken-in mail out of the watched mailbox, while no other instance does: whoever comes second
 * sees the mail gone and moves nothing, so each mail lands in the processed folder once.
 */
export function inMailboxTurn<T>(context: ServiceContext, work: () => Promise<T>): Promise<T> {
  return inTurnOn(context.storage, 'inbound-mailbox', work);
}

/** Which of these Message-IDs are stored already, with their mail's status: one question for a batch from the mailbox. */
export async function storedMessageIds(context: ServiceContext, messageIds: readonly string[]): Promise<Map<string, string>> {
  return findStoredMessageIds(context.storage.db, messageIds);
}

async function caseFacts(executor: Executor, caseId: string | null): Promise<CaseFacts | null> {
  if (!caseId) return null;
  const row = await findCaseById(executor, caseId);
  if (!row || !isCaseStatus(row.status)) return null;
  return { id: row.id, organizationId: row.organization_id, status: row.status };
}

/** What a mail means (see `decideInboundMail`), from what storage knows of its sender and the cases it names. */
export async function decide(
  reader: Executor,
  context: ServiceContext,
  message: InboundMessage,
  settings: InboundSettings,
  now: Date,
): Promise<InboundDecision> {
  const threadIds = [...new Set([message.inReplyTo, ...message.references].filter((value): value is string => value !== null))];
  const subjectNumber = caseNumberInSubject(message.subject);
  const [contacts, recent, threadedCaseId, subjectCaseId, bounced] = await Promise.all([
    findContactsByEmail(reader, message.fromAddress),
    countInboundMailFrom(reader, message.fromAddress, new Date(now.getTime() - 3_600_000).toISOString()),
    findCaseIdByMessageIds(reader, threadIds),
    subjectNumber ? findCaseIdByNumber(reader, subjectNumber) : null,
    message.isDeliveryReport ? findOutboxByMessageIds(reader, message.reportedMessageIds) : undefined,
  ]);
  const [threadedCase, subjectCase] = await Promise.all([caseFacts(reader, threadedCaseId), caseFacts(reader, subjectCaseId)]);
  return decideInboundMail({
    from: message.fromAddress,
    ownAddresses: settings.ownAddresses,
    loop: message.loop,
    isDeliveryReport: message.isDeliveryReport,
    bouncedOutboxId: bounced?.id ?? null,
    // This mail's own row is written after the decision, so it is not among them.
    recentFromSender: recent,
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
  opening: CaseOpening | null,
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
      const caseId = await writeCaseFromMail(trx, context, opening!, message, files);
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

/**
 * The case a mail asks for: channel e-mail, the level the admin set for mailed-in cases (3 unless changed), the mail's
 * subject as its title and its text as its description.
 */
function caseFromMail(
  context: ServiceContext,
  message: Pick<InboundMessage, 'subject' | 'text' | 'fromAddress' | 'attachments'>,
  organizationId: string,
  contactId: string,
  level: CaseLevel,
): OpenCaseInput {
  const title =
    message.subject.trim() ||
    message.text
      .split('\n')
      .find((line) => line.trim())
      ?.trim() ||
    message.fromAddress;
  return {
    organizationId,
    contactId,
    channel: 'email',
    level,
    title: title.slice(0, TITLE_MAX),
    description: message.text.slice(0, DESCRIPTION_MAX),
    departmentOptional: true,
    // A file over the size limit is not kept; the acknowledgement names it.
    filesLeftOut: mailedFilesTooLarge(context, message.attachments),
  };
}

/** Writes a case prepared from a mail, with the mail's files on its creation entry; answers its id. */
async function writeCaseFromMail(
  trx: DatabaseTransaction,
  context: ServiceContext,
  opening: CaseOpening,
  message: Pick<InboundMessage, 'attachments' | 'fromName' | 'fromAddress'>,
  files: MailFiles,
): Promise<string> {
  const opened = await writeCaseOpening(trx, context, opening);
  await attachMailedFiles(trx, context, files, message, {
    caseId: opened.id,
    eventId: opening.newCase.createdEvent.id,
    senderUserId: null,
  });
  return opened.id;
}

/**
 * Opens the case a mail asks for inside the caller's transaction, reading through it (so a contact the same
 * transaction created counts), with the mail's files on it.
 */
export async function openCaseFromMail(
  trx: DatabaseTransaction,
  context: ServiceContext,
  message: Pick<InboundMessage, 'subject' | 'text' | 'fromAddress' | 'fromName' | 'attachments'>,
  organizationId: string,
  contactId: string,
  files: MailFiles,
): Promise<string> {
  const level = await readMailCaseLevel(trx);
  const opening = await prepareCaseOpening(context, MAIL_ACTOR, caseFromMail(context, message, organizationId, contactId, level), trx);
  return writeCaseFromMail(trx, context, opening, message, files);
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
  const [contactUserId, contacts] = await Promise.all([
    findUserIdOfContact(trx, decision.contactId),
    findContactsByEmail(trx, message.fromAddress),
  ]);
  const contactName = contacts.find((contact) => contact.id === decision.contactId)?.name ?? message.fromName ?? message.fromAddress;
  if (decision.reopen) {
    const byContact = { id: decision.contactId, name: contactName, userId: contactUserId ?? null };
    await transitionCaseIn(trx, context, MAIL_ACTOR, decision.caseId, { to: 'in_progress' }, { byContact });
  }
  await updateCaseRow(trx, decision.caseId, { updated_at: at });
  const eventId = await recordCaseEvent(trx, {
    caseId: decision.caseId,
    at,
    kind: 'case.note',
    // A contact with a customer account is that user; otherwise the contact is named in the entry.
    actorUserId: contactUserId ?? null,
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
    senderUserId: contactUserId ?? null,
    senderName: contactName,
  });
  // The assignee (or, while nobody has the case, its department) hears of the reply, as each chose.
  const row = await findCaseById(trx, decision.caseId);
  if (row)
    await notifyCaseEvent(trx, context, {
      kind: 'customer-replied',
      row,
      actorUserId: contactUserId ?? null,
      actorName: contactName,
      eventKey: inboundMailId,
      via: 'email',
      excerpt: trimQuotedHistory(message.text).slice(0, 500),
    });
}
