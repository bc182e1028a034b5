import { createHash } from 'node:crypto';
import { simpleParser, type AddressObject, type HeaderValue, type ParsedMail } from 'mailparser';
import sanitizeHtml from 'sanitize-html';
import { sanitizeMailHtml } from './sanitize-html.js';
import type { LoopHeaders } from '../domain/mail/inbound-decision.js';

/** What CaseDesk reads from an inbound mail: who, what about, which thread, and whether a machine wrote it. */
export interface InboundMessage {
  /** `<…>` from the header, or `sha256:<hex>` of the bytes when there is none. */
  messageId: string;
  fromAddress: string;
  fromName: string | null;
  subject: string;
  inReplyTo: string | null;
  references: string[];
  /** Plain text: the text part, else text made from the sanitised HTML. */
  text: string;
  /** The HTML part after sanitising (no scripts, styles, event handlers or remote frames); null without one. */
  html: string | null;
  loop: LoopHeaders;
  isDeliveryReport: boolean;
  /** Message-IDs named inside a delivery report: the mail that could not be delivered. */
  reportedMessageIds: string[];
  /** The files the mail carries (attached or embedded), with the names the sender gave them; none for a report. */
  attachments: { fileName: string; content: Buffer }[];
}

function headerText(value: HeaderValue | undefined): string | null {
  if (value === undefined) return null;
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.length > 0 ? headerText(value[0]) : null;
  if (value instanceof Date) return value.toISOString();
  if ('value' in value && typeof value.value === 'string') return value.value;
  if ('text' in value && typeof value.text === 'string') return value.text;
  return null;
}

function firstAddress(from: AddressObject | undefined): { address: string; name: string | null } {
  const entry = from?.value[0];
  return { address: (entry?.address ?? '').trim().toLowerCase(), name: entry?.name ? entry.name : null };
}

function messageIds(value: string | string[] | undefined): string[] {
  const list = Array.isArray(value) ? value : value ? [value] : [];
  return list.flatMap((item) => item.match(/<[^<>\s\0]+>/g) ?? []);
}

/** A delivery report (`multipart/report; report-type=delivery-status`): a bounce. */
export function isReport(parsed: ParsedMail): boolean {
  const type = parsed.headers.get('content-type');
  if (!type || typeof type !== 'object' || !('value' in type) || typeof type.value !== 'string') return false;
  const params = 'params' in type ? (type.params as Record<string, string>) : {};
  return type.value.toLowerCase() === 'multipart/report' && (params['report-type'] ?? '').toLowerCase() === 'delivery-status';
}

/** The Message-ID lines inside the body of a report (the returned original or its headers), not the report's own. */
function idsInsideReport(raw: string): string[] {
  const bodyStart = raw.search(/\r?\n\r?\n/);
  const body = bodyStart < 0 ? '' : raw.slice(bodyStart);
  return [...body.matchAll(/^Message-ID:\s*(<[^<>\s]+>)/gim)].map((match) => match[1]!);
}

/** A name for a file the sender did not name (a pasted image): its kind's usual extension. */
function extensionOf(contentType: string): string {
  const subtype = /^[a-z]+\/([a-z0-9.+-]+)/i.exec(contentType)?.[1]?.toLowerCase() ?? '';
  return { jpeg: '.jpg', png: '.png', gif: '.gif', pdf: '.pdf', plain: '.txt' }[subtype] ?? '';
}

/**
 * Text as CaseDesk stores it: without NUL characters, which a PostgreSQL text column refuses (a broken mail program
 * can put them in a mail's bytes, or encode them in its subject or text). Every inbound mail's text passes here, on
 * every path, so the same mail is stored alike on both databases.
 */
export function withoutNul(text: string): string {
  return text.includes('\0') ? text.replace(/\0/g, '') : text;
}

/** A mail's bytes as the text kept of it (its original, viewable by staff). */
export function storedMailText(raw: Buffer): string {
  return withoutNul(raw.toString('utf8'));
}

export async function parseInboundMail(raw: Buffer): Promise<InboundMessage> {
  const parsed = await simpleParser(raw, { skipImageLinks: true });
  const from = firstAddress(parsed.from);
  const html = parsed.html ? withoutNul(sanitizeMailHtml(parsed.html)) : null;
  const text = parsed.text?.trim()
    ? withoutNul(parsed.text)
    : html
      ? sanitizeHtml(html.replace(/<(br|\/p|\/div|\/li|\/tr)\s*\/?>/gi, '\n'), { allowedTags: [], allowedAttributes: {} })
      : '';
  const report = isReport(parsed);
  const headers = parsed.headers;
  return {
    messageId: parsed.messageId
      ? withoutNul(messageIds(parsed.messageId)[0] ?? parsed.messageId)
      : `sha256:${createHash('sha256').update(raw).digest('hex')}`,
    fromAddress: withoutNul(from.address),
    fromName: from.name === null ? null : withoutNul(from.name),
    subject: withoutNul(parsed.subject ?? ''),
    inReplyTo: messageIds(parsed.inReplyTo)[0] ?? null,
    references: messageIds(parsed.references),
    text: text.trim(),
    html,
    loop: {
      autoSubmitted: headerText(headers.get('auto-submitted')),
      precedence: headerText(headers.get('precedence')),
      autoReplyHeader: headers.has('x-autoreply') || headers.has('x-autorespond'),
    },
    isDeliveryReport: report,
    reportedMessageIds: report ? idsInsideReport(raw.toString('utf8')) : [],
    // A report's parts are the returned mail and its status, not files anyone sent.
    attachments: report
      ? []
      : parsed.attachments
          .filter((file) => file.content.length > 0)
          .map((file, index) => ({
            fileName: withoutNul(file.filename ?? `attachment-${index + 1}${extensionOf(file.contentType)}`),
            content: file.content,
          })),
  };
}

/** The `Date:` header of a stored mail (headers end at the first empty line; a folded header continues indented). */
export function dateHeaderOf(raw: string): string | null {
  const end = raw.search(/\r?\n\r?\n/);
  const headers = (end < 0 ? raw : raw.slice(0, end)).replace(/\r?\n[ \t]+/g, ' ');
  const match = /^date:[ \t]*(.*)$/im.exec(headers);
  return match?.[1]?.trim() || null;
}

/** The header block of a mail: its bytes up to the first empty line (all of it when there is none). */
export function headerBlockOf(raw: Buffer): Buffer {
  const crlf = raw.indexOf('\r\n\r\n');
  const lf = raw.indexOf('\n\n');
  const ends = [crlf < 0 ? -1 : crlf + 4, lf < 0 ? -1 : lf + 2].filter((end) => end >= 0);
  return ends.length === 0 ? raw : raw.subarray(0, Math.min(...ends));
}

/**
 * What the headers alone say of a mail that is not read whole (too large, or not readable as a mail): sender, subject,
 * thread and loop headers, with no text and no files. A mail without a Message-ID is named by the SHA-256 of `whole`
 * (its headers and its size, for a mail never downloaded), the same on every reading. Headers that cannot be read
 * either give a mail with no sender.
 */
export async function readMailHeaders(headers: Buffer, whole: Buffer | string): Promise<InboundMessage> {
  const hash = `sha256:${createHash('sha256').update(whole).digest('hex')}`;
  try {
    const parsed = await parseInboundMail(Buffer.concat([headerBlockOf(headers), Buffer.from('\r\n')]));
    return {
      ...parsed,
      messageId: parsed.messageId.startsWith('sha256:') ? hash : parsed.messageId,
      text: '',
      html: null,
      attachments: [],
    };
  } catch {
    return {
      messageId: hash,
      fromAddress: '',
      fromName: null,
      subject: '',
      inReplyTo: null,
      references: [],
      text: '',
      html: null,
      loop: { autoSubmitted: null, precedence: null, autoReplyHeader: false },
      isDeliveryReport: false,
      reportedMessageIds: [],
      attachments: [],
    };
  }
}
