import { simpleParser, type AddressObject, type EmailAddress } from 'mailparser';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { dateHeaderOf, isReport } from './inbound-message.js';
import { sanitizeMailHtml } from './sanitize-html.js';

/** Finds a person in a text and rewrites it (the domain's `personalTextScrubber`). */
export interface MailTextScrubber {
  scrub(text: string): string;
}

type Address = { name: string; address: string };

/**
 * The stored source of a mail rebuilt without a person (erasure), or null when the mail, decoded, does not name them.
 *
 * A name travels encoded in a mail: an RFC 2047 header (`=?UTF-8?B?5byg5Lyf?=`, how every Chinese display name
 * comes), a base64 or quoted-printable body, an RFC 2231 file name. So the mail is decoded first and searched as read:
 * every header, the text, the HTML, the file names. A mail that names the person is written anew from its decoded
 * parts, scrubbed: sender and recipients (the person's address becomes `placeholderAddress`), subject, Date,
 * Message-ID and thread headers, the text and the sanitised HTML (as the case shows them), and the files it carried,
 * byte for byte under scrubbed names (files are not rewritten, as uploaded files are not). Every other header goes
 * (`Received`, `Reply-To`, signatures), and so do the parts of a delivery report (the returned mail is no file
 * anyone sent, and would quote the person).
 */
export async function mailSourceWithout(raw: string, scrubber: MailTextScrubber, placeholderAddress: string): Promise<string | null> {
  const names = (text: string) => scrubber.scrub(text) !== text;
  let parsed;
  try {
    parsed = await simpleParser(Buffer.from(raw, 'utf8'), { skipImageLinks: true });
  } catch {
    // Not readable as a mail: what can be found in it as stored is all that can be taken out.
    const scrubbed = scrubber.scrub(raw);
    return scrubbed === raw ? null : scrubbed;
  }
  const report = isReport(parsed);
  const html = parsed.html ? sanitizeMailHtml(parsed.html) : null;
  const files = report ? [] : parsed.attachments.filter((file) => file.content.length > 0);
  const decoded = [
    raw,
    JSON.stringify([...parsed.headers.entries()]),
    parsed.text ?? '',
    html ?? '',
    ...files.map((file) => file.filename ?? ''),
  ];
  if (!decoded.some(names)) return null;

  const addresses = (value: AddressObject | AddressObject[] | undefined): Address[] =>
    (Array.isArray(value) ? value : value ? [value] : [])
      .flatMap((object) => object.value)
      .flatMap((entry: EmailAddress): EmailAddress[] => (entry.group ? entry.group : [entry]))
      .filter((entry) => entry.address)
      .map((entry) => ({
        name: scrubber.scrub(entry.name ?? ''),
        address: names(entry.address!) ? placeholderAddress : entry.address!,
      }));
  const [from] = addresses(parsed.from);
  const date = dateHeaderOf(raw);
  const composer = new MailComposer({
    from,
    to: addresses(parsed.to),
    cc: addresses(parsed.cc),
    subject: scrubber.scrub(parsed.subject ?? ''),
    messageId: parsed.messageId,
    inReplyTo: parsed.inReplyTo,
    references: parsed.references,
    headers: date ? { Date: date } : {},
    text: scrubber.scrub(parsed.text ?? ''),
    ...(html ? { html: scrubber.scrub(html) } : {}),
    attachments: files.map((file) => ({
      filename: file.filename ? scrubber.scrub(file.filename) : undefined,
      content: file.content,
      contentType: file.contentType,
      contentDisposition: file.contentDisposition === 'inline' ? 'inline' : 'attachment',
      ...(file.cid ? { cid: file.cid } : {}),
    })),
  });
  const built = (await composer.compile().build()).toString('utf8');
  // The composer adds a Date and a Message-ID when there are none; a mail that came without them stays without.
  const end = built.indexOf('\r\n\r\n');
  const head = built
    .slice(0, end)
    .split(/\r\n(?![ \t])/)
    .filter((line) => (date || !/^date:/i.test(line)) && (parsed.messageId || !/^message-id:/i.test(line)));
  return `${head.join('\r\n')}${built.slice(end)}`;
}
