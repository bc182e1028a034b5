import fs from 'node:fs';

/**
 * A font that can write Chinese into a PDF. Debian's fonts-noto-cjk or fonts-wqy-zenhei provide one; the
 * CASEDESK_PDF_FONT variable (`/path/font.ttc#PostScriptName`) names another. Without any, records are printed
 * with the PDF base font, in English, and characters it lacks become "?".
 */
export interface PdfFont {
  /** Font file bytes, read once: a CJK collection is tens of megabytes. */
  data: Buffer | null;
  /** The face inside a collection (.ttc). */
  family: string | undefined;
  bold: { data: Buffer; family: string | undefined } | null;
  cjk: boolean;
}

const CANDIDATES: { regular: string; family?: string; bold?: string; boldFamily?: string }[] = [
  {
    regular: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
    family: 'NotoSansCJKsc-Regular',
    bold: '/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc',
    boldFamily: 'NotoSansCJKsc-Bold',
  },
  { regular: '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc', family: 'WenQuanYiZenHei' },
  { regular: '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', family: 'WenQuanYiMicroHei' },
  { regular: '/usr/share/fonts/truetype/arphic/uming.ttc', family: 'AR PL UMing CN' },
];

let cached: PdfFont | undefined;

export function pdfFont(): PdfFont {
  if (cached) return cached;
  const configured = process.env.CASEDESK_PDF_FONT;
  const candidates = configured ? [{ regular: configured.split('#')[0]!, family: configured.split('#')[1] }, ...CANDIDATES] : CANDIDATES;
  for (const candidate of candidates) {
    if (!fs.existsSync(candidate.regular)) continue;
    const bold =
      candidate.bold && fs.existsSync(candidate.bold) ? { data: fs.readFileSync(candidate.bold), family: candidate.boldFamily } : null;
    cached = { data: fs.readFileSync(candidate.regular), family: candidate.family, bold, cjk: true };
    return cached;
  }
  cached = { data: null, family: undefined, bold: null, cjk: false };
  return cached;
}
