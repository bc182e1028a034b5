import { z } from 'zod';
import type { Actor } from '../../domain/access/permissions.js';
import { inboundMailRights } from '../../domain/access/policies/inbound-mail.js';
import { INBOUND_MAIL_STATUSES, type InboundMailRow } from '../../storage/repositories/inbound-mail.js';
import type { InboundMailSummary } from '../../services/inbound-mail/manage-inbound-mail.js';
import type { CaseMailOriginal } from '../../services/inbound-mail/read-case-mail.js';

/** A mail that came in, as staff who sort mail see it; the HTML body is the sanitised one. */
export const inboundMailView = z.object({
  id: z.string(),
  messageId: z.string(),
  receivedAt: z.string(),
  from: z.string(),
  fromName: z.string().nullable(),
  to: z.string().nullable(),
  subject: z.string(),
  text: z.string(),
  html: z.string().nullable(),
  status: z.enum(INBOUND_MAIL_STATUSES),
  reason: z.string().nullable(),
  /** The size the mailbox reported for a refused mail; null otherwise. */
  sizeBytes: z.number().int().nullable(),
  caseId: z.string().nullable(),
  handledBy: z.string().nullable(),
  handledAt: z.string().nullable(),
  erasedAt: z.string().nullable().describe('When an erasure of personal data rebuilt the source without a person; null: as it came'),
  can: z.object({ assign: z.boolean(), discard: z.boolean() }),
});
export const inboundMailDetailView = inboundMailView.extend({
  /** The whole mail as it arrived. */
  raw: z.string(),
});

const isStatus = (value: string): value is z.infer<typeof inboundMailView>['status'] =>
  (INBOUND_MAIL_STATUSES as readonly string[]).includes(value);

export const presentInboundMail = (actor: Actor, row: InboundMailSummary): z.infer<typeof inboundMailView> => ({
  id: row.id,
  messageId: row.message_id,
  receivedAt: row.received_at,
  from: row.from_address,
  fromName: row.from_name,
  to: row.to_address,
  subject: row.subject,
  text: row.text_body,
  html: row.html_body,
  status: isStatus(row.status) ? row.status : 'received',
  reason: row.reason,
  sizeBytes: row.size_bytes === null ? null : Number(row.size_bytes),
  caseId: row.case_id,
  handledBy: row.handled_by,
  handledAt: row.handled_at,
  erasedAt: row.erased_at,
  can: inboundMailRights(actor, row),
});

export const presentInboundMailDetail = (actor: Actor, row: InboundMailRow): z.infer<typeof inboundMailDetailView> => ({
  ...presentInboundMail(actor, row),
  raw: row.raw,
});

/** The original of a mail on a case: its headers, the whole text (nothing trimmed), the sanitised HTML, its files. */
export const caseMailView = z.object({
  id: z.string(),
  caseId: z.string(),
  receivedAt: z.string().describe('When CaseDesk took the mail in'),
  date: z.string().nullable().describe("The mail's own Date header, as the sender's program wrote it"),
  from: z.string(),
  fromName: z.string().nullable(),
  to: z.string().nullable(),
  subject: z.string(),
  text: z.string().describe('The whole text as it came, quoted history and signature included'),
  html: z.string().nullable().describe('The HTML part after sanitising (no scripts, styles, event handlers or remote frames)'),
  attachments: z.array(z.object({ fileName: z.string(), sizeBytes: z.number().int() })),
  erasedAt: z
    .string()
    .nullable()
    .describe('When an erasure of personal data replaced the stored original by one rebuilt without a person; null: as it came'),
});

export const presentCaseMail = (original: CaseMailOriginal): z.infer<typeof caseMailView> => ({
  id: original.mail.id,
  caseId: original.mail.case_id ?? '',
  receivedAt: original.mail.received_at,
  date: original.dateHeader,
  from: original.mail.from_address,
  fromName: original.mail.from_name,
  to: original.mail.to_address,
  subject: original.mail.subject,
  text: original.mail.text_body,
  html: original.mail.html_body,
  attachments: original.attachments,
  erasedAt: original.mail.erased_at,
});
