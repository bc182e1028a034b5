/**
 * The new part of a reply: the text above the quoted history and the signature. The full mail is kept beside it;
 * this is only what the timeline shows.
 */

/** Lines that introduce quoted history in the mail programs customers use (English and Chinese). */
const HISTORY_MARKERS: readonly RegExp[] = [
  /^On .+wrote:\s*$/i,
  /^-{2,}\s*Original Message\s*-{2,}\s*$/i,
  /^-{2,}\s*原始邮件\s*-{2,}\s*$/,
  /^(From|发件人)\s*[:：]\s*.+$/i,
  /^在.+写道\s*[:：]\s*$/,
  /^_{10,}\s*$/,
];

/** `-- ` (RFC 3676) and the phone signatures mail apps add. */
const SIGNATURE_MARKERS: readonly RegExp[] = [/^-- ?$/, /^Sent from my /i, /^发自我的/];

export function trimQuotedHistory(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  let end = lines.length;
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index]!;
    const trimmed = line.trim();
    if (
      trimmed.startsWith('>') ||
      HISTORY_MARKERS.some((marker) => marker.test(trimmed)) ||
      SIGNATURE_MARKERS.some((marker) => marker.test(line))
    ) {
      end = index;
      break;
    }
  }
  const kept = lines.slice(0, end).join('\n').trim();
  // A mail that is nothing but quotes (or starts with the marker) keeps its text rather than becoming empty.
  return kept.length > 0 ? kept : text.trim();
}
