import { createHash } from 'node:crypto';

/** The type of a file no signature names and that is not text: served as a download and never shown inline. */
export const UNKNOWN_BINARY = 'application/octet-stream';
export const PLAIN_TEXT = 'text/plain; charset=utf-8';

/** Binary kinds a configuration record takes, as `file-type` names them from the bytes. */
const CONFIGURATION_TYPES: ReadonlySet<string> = new Set([
  'application/pdf',
  'image/png',
  'image/jpeg',
  'image/gif',
  'application/zip',
  // Office and Visio files are ZIPs underneath; file-type names them by what they are.
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/vnd.ms-visio.drawing.main+xml',
  PLAIN_TEXT,
]);

/** Raster images a browser shows safely inside the page; everything else (SVG included) is downloaded. */
const INLINE_IMAGES: ReadonlySet<string> = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

/**
 * What a file is, decided from its bytes (the `file-type` library), never from its name or the type a browser or a
 * mail claims: the type `file-type` recognises, plain UTF-8 text (logs, configuration dumps: no signature to
 * recognise), else an unknown binary. Also its SHA-256.
 */
export async function describeFile(content: Buffer): Promise<{ contentType: string; sha256: string }> {
  const { fileTypeFromBuffer } = await import('file-type');
  const detected = await fileTypeFromBuffer(content);
  const contentType = detected ? detected.mime : isPlainText(content) ? PLAIN_TEXT : UNKNOWN_BINARY;
  return { contentType, sha256: createHash('sha256').update(content).digest('hex') };
}

/** The kinds a configuration record takes: PDF, PNG, JPEG, GIF, ZIP, Office/Visio files and plain text. */
export function acceptedConfigurationType(contentType: string): boolean {
  return CONFIGURATION_TYPES.has(contentType);
}

/** Whether a file is shown in the page (served `inline`) rather than downloaded. */
export function isInlineImage(contentType: string): boolean {
  return INLINE_IMAGES.has(contentType);
}

function isPlainText(content: Buffer): boolean {
  if (content.length === 0) return false;
  const sample = content.subarray(0, 64 * 1024);
  for (const byte of sample) {
    // Control characters other than tab, line feed, form feed and carriage return mean binary.
    if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0c && byte !== 0x0d) return false;
  }
  // Cut at the sample end could split a character; a strict decode of whole text must succeed.
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(
      sample.length === content.length ? sample : sample.subarray(0, lastCharBoundary(sample)),
    );
    return true;
  } catch {
    return false;
  }
}

function lastCharBoundary(sample: Buffer): number {
  let end = sample.length;
  while (end > 0 && (sample[end - 1]! & 0xc0) === 0x80) end -= 1;
  return end > 0 && sample[end - 1]! >= 0xc0 ? end - 1 : sample.length;
}

/** A name safe to show and to send back in Content-Disposition: no paths, no control characters, bounded. */
export function safeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = base
    .normalize('NFC')
    .replace(/[\p{Cc}"<>|:*?]/gu, '_')
    .replace(/^\.+/, '')
    .trim()
    .slice(0, 200);
  return cleaned || 'attachment';
}
