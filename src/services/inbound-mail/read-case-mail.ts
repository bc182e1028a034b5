import type { Actor } from '../../domain/access/permissions.js';
import { mayReadCaseMail } from '../../domain/access/policies/inbound-mail.js';
import { findInboundMailById, findMailAddressesOfUser, type InboundMailRow } from '../../storage/repositories/inbound-mail.js';
import { loadCaseFor } from '../cases/case-access.js';
import type { ServiceContext } from '../context.js';
import { notFound } from '../errors.js';

/** The original of a mail that came in on a case, as its reader sees it: what the sender wrote, untrimmed. */
export interface CaseMailOriginal {
  mail: Omit<InboundMailRow, 'raw'>;
  /** The mail's own `Date:` header, as written; null without one. */
  dateHeader: string | null;
  /** The files the mail carried, as it carried them (a file too large to keep is listed too). */
  attachments: { fileName: string; sizeBytes: number }[];
}

/**
 * Opens the original of a mail on a case: the one that opened it, a mailed reply, a bounce. The case must be one the
 * actor reads and the mail one of that case's; the mail policy decides the rest. Anything else does not exist (404).
 */
export async function readCaseMail(context: ServiceContext, actor: Actor, caseId: string, mailId: string): Promise<CaseMailOriginal> {
  const reader = context.storage.db;
  const caseRow = await loadCaseFor(reader, actor, caseId, 'cases.read');
  const row = await findInboundMailById(reader, mailId);
  if (!row || row.case_id !== caseRow.id) throw notFound('inbound-mail', mailId);
  const organizationId = caseRow.organization_id;
  const sentByActor =
    !mayReadCaseMail(actor, { organizationId, sentByActor: false }) &&
    (await findMailAddressesOfUser(reader, actor.userId)).includes(row.from_address.toLowerCase());
  if (!mayReadCaseMail(actor, { organizationId, sentByActor })) throw notFound('inbound-mail', mailId);
  // The files are read again from the stored source (the parser loads only when a mail needs it).
  const { parseInboundMail, dateHeaderOf } = await import('../../mail/inbound-message.js');
  const parsed = await parseInboundMail(Buffer.from(row.raw, 'utf8'));
  const { raw, ...mail } = row;
  return {
    mail,
    dateHeader: dateHeaderOf(raw),
    attachments: parsed.attachments.map((file) => ({ fileName: file.fileName, sizeBytes: file.content.length })),
  };
}
