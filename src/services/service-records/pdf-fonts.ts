import fs from 'node:fs';
import { createRequire } from 'node:module';

/**
 * The fonts a service record is printed with. By default Noto Sans SC from the `@expo-google-fonts/noto-sans-sc`
 * package, installed by `npm ci` with everything else, so every server prints Chinese and the typographic marks of
 * English (’ – “ ”) without a system font. pdfkit embeds only the glyphs a record uses, so a PDF stays tens of
 * kilobytes although each font file is about 10 MB. `CASEDESK_PDF_FONT` (checked at start, see config.ts) names a
 * TrueType or OpenType file used instead, for headings and text alike.
 */
export interface PdfFonts {
  regular: Buffer;
  bold: Buffer;
}

const require = createRequire(import.meta.url);

export const DEFAULT_PDF_FONT_FILES = {
  regular: require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf'),
  bold: require.resolve('@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf'),
} as const;

/** The first bytes of a TrueType (1.0 or Apple "true") or an OpenType (CFF, "OTTO") font file. */
const FONT_SIGNATURES = ['00010000', '74727565', '4f54544f'];

/** Whether a path names a readable single-font TrueType or OpenType file (not a collection, not a web font). */
export function isFontFile(file: string): boolean {
  let handle: number | undefined;
  try {
    handle = fs.openSync(file, 'r');
    const head = Buffer.alloc(4);
    if (fs.readSync(handle, head, 0, 4, 0) !== 4) return false;
    return FONT_SIGNATURES.includes(head.toString('hex'));
  } catch {
    return false;
  } finally {
    if (handle !== undefined) fs.closeSync(handle);
  }
}

// Read once per file and kept: a record printed later pays nothing for the 10 MB read.
const loaded = new Map<string, Buffer>();

function read(file: string): Buffer {
  let bytes = loaded.get(file);
  if (!bytes) {
    bytes = fs.readFileSync(file);
    loaded.set(file, bytes);
  }
  return bytes;
}

/** The fonts to print with: the configured file for everything, or Noto Sans SC regular and bold. */
export function pdfFonts(configuredFile: string | null | undefined): PdfFonts {
  if (configuredFile) {
    const bytes = read(configuredFile);
    return { regular: bytes, bold: bytes };
  }
  return { regular: read(DEFAULT_PDF_FONT_FILES.regular), bold: read(DEFAULT_PDF_FONT_FILES.bold) };
}
