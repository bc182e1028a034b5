import type { Language } from '../../domain/access/roles.js';
import { localMinute } from '../../domain/calendar/local-time.js';
import { CASE_NUMBER_PLACEHOLDER } from '../../domain/cases/case-numbers.js';
import { renderAcknowledgementMail, renderPublicReplyMail } from '../../mail/templates/case-mail.js';
import type { Executor } from '../../storage/db.js';
import { listCaseCcAddresses } from '../../storage/repositories/case-cc-addresses.js';
import type { CaseRow } from '../../storage/repositories/cases.js';
import type { NewOutboxMessage } from '../../storage/repositories/outbox.js';
import { findContactById, type ContactRow } from '../../storage/repositories/organizations.js';
import { contactHasActiveAccount } from '../../storage/repositories/users.js';
import { attachmentMaxBytes, sizeInWords } from '../attachments/stored-files.js';
import { newId, type ServiceContext } from '../context.js';
import { contactMailAddress } from '../people/customer-contact.js';
import { enqueueMail, firstMailOfNewCase } from '../notifications/enqueue-mail.js';
import { readHotlineNumber } from '../settings/service-desk-settings.js';

/** Mail to a customer is written in the contact's language; anything else falls back to English. */
function languageOf(contact: Pick<ContactRow, 'language'> | undefined): Language {
  return contact?.language === 'zh-CN' ? 'zh-CN' : 'en';
}

function caseUrl(context: ServiceContext, caseId: string): string {
  return `${context.publicUrl.replace(/\/$/, '')}/cases/${caseId}`;
}

/**
 * Whether a case mail to this contact points to the customer portal: only when they have an active portal account,
 * since anyone else would meet a sign-in they cannot pass. Without it, the mail says they can answer it (when answers
 * are taken in) or nothing. Every case mail to a customer asks here.
 */
export async function mailsPortalTo(executor: Executor, contactId: string | null | undefined): Promise<boolean> {
  return contactId ? contactHasActiveAccount(executor, contactId) : false;
}

/**
 * The acknowledgement of a logged case to its contact, prepared before the case is written and written with it by
 * storage's case writer (so it exists exactly when the case does): one per case (its dedupe key). The first mail of the
 * case, so the thread starts here; it names the case by `CASE_NUMBER_PLACEHOLDER` until the case has its number.
 */
export function acknowledgementMail(
  context: ServiceContext,
  input: {
    row: CaseRow;
    contact: ContactRow & { email: string };
    timeZone: string;
    hotlineNumber: string | null;
    /** From `mailsPortalTo`. */
    portal: boolean;
    /** Files of the mail that opened the case that were too large to keep. */
    filesLeftOut?: readonly { fileName: string; sizeBytes: number }[];
  },
): NewOutboxMessage {
  const { row, contact } = input;
  const language = languageOf(contact);
  const mail = renderAcknowledgementMail({
    language,
    contactName: contact.name,
    caseNumber: CASE_NUMBER_PLACEHOLDER,
    caseTitle: row.title,
    caseUrl: caseUrl(context, row.id),
    hotlineNumber: input.hotlineNumber,
    answerable: Boolean(context.mail?.replyTo),
    portal: input.portal,
    level: row.level,
    firstResponseDue: localMinute(row.first_response_due_at, input.timeZone),
    filesLeftOut: input.filesLeftOut?.length
      ? {
          files: input.filesLeftOut.map((file) => `${file.fileName} (${sizeInWords(file.sizeBytes)})`).join(', '),
          limit: sizeInWords(attachmentMaxBytes(context)),
        }
      : null,
  });
  return firstMailOfNewCase(context, {
    kind: 'case-acknowledgement',
    to: contact.email,
    recipientUserId: null,
    language,
    ...mail,
    dedupeKey: `case-acknowledgement:${row.id}`,
    caseId: row.id,
  });
}

/**
 * A public reply goes by mail to the case's contact and to its CC addresses, each once, in the contact's language,
 * with the reply's files (by reference: the sender reads them from the file store); not back to the person who wrote
 * it. Internal notes never come here.
 */
export async function mailPublicReply(
  executor: Executor,
  context: ServiceContext,
  input: { row: CaseRow; author: { name: string; email: string }; body: string; files?: readonly { id: string; fileName: string }[] },
): Promise<string[]> {
  const { row } = input;
  const [contact, ccAddresses, hotlineNumber, contactPortal] = await Promise.all([
    row.contact_id ? findContactById(executor, row.contact_id) : undefined,
    listCaseCcAddresses(executor, row.id),
    readHotlineNumber(executor),
    mailsPortalTo(executor, row.contact_id),
  ]);
  const language = languageOf(contact);
  const author = input.author.email.toLowerCase();
  const recipients = new Map<string, string | null>();
  // A retired contact is mailed nothing, though the case keeps their name.
  const contactEmail = contactMailAddress(contact);
  if (contactEmail) recipients.set(contactEmail.toLowerCase(), contact?.name ?? null);
  for (const address of ccAddresses) if (!recipients.has(address.toLowerCase())) recipients.set(address.toLowerCase(), null);
  recipients.delete(author);
  const replyId = newId();
  const sent: string[] = [];
  for (const [address, name] of recipients) {
    const toContact = address === contactEmail?.toLowerCase();
    const to = toContact ? contactEmail : (ccAddresses.find((cc) => cc.toLowerCase() === address) ?? address);
    const mail = renderPublicReplyMail({
      language,
      contactName: name,
      caseNumber: row.number,
      caseTitle: row.title,
      caseUrl: caseUrl(context, row.id),
      hotlineNumber,
      answerable: Boolean(context.mail?.replyTo),
      // A CC address is no portal account of the case's contact.
      portal: toContact && contactPortal,
      authorName: input.author.name,
      body: input.body,
      fileNames: (input.files ?? []).map((file) => file.fileName),
    });
    await enqueueMail(executor, context, {
      kind: 'case-reply',
      to,
      recipientUserId: null,
      language,
      ...mail,
      dedupeKey: `case-reply:${replyId}:${address}`,
      caseId: row.id,
      caseNumber: row.number,
      attachmentIds: (input.files ?? []).map((file) => file.id),
    });
    sent.push(to);
  }
  return sent;
}
