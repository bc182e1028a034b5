import { pdfFonts } from './pdf-fonts.js';

/** Han characters and the CJK punctuation and full-width forms that go with them. */
const CHINESE = /[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]/;

/** An A4 document being written, with the fonts `body` and `heading` registered, and its bytes once it is ended. */
export interface PdfBeingWritten {
  doc: PDFKit.PDFDocument;
  /** Resolves to the whole file after `doc.end()`. */
  finished: Promise<Buffer>;
  /**
   * A Chinese font sets ’ “ ” full width, as Chinese text wants them; in a line without Chinese they take their
   * proportional forms, so "customer’s" reads as one word.
   */
  spacing: (text: string) => { features: 'pwid'[] };
}

/**
 * Starts every PDF CaseDesk prints (service records, weekly summaries, personal-data exports) the same way: A4, 50 pt
 * margins, the fonts of `pdfFonts` embedded as subsets (only the glyphs used go into the file). pdfkit is loaded with
 * the first PDF: start-up does not pay for it.
 */
export async function startPdf(options: {
  title: string;
  createdAt: Date;
  fontFile?: string | null | undefined;
}): Promise<PdfBeingWritten> {
  const fonts = pdfFonts(options.fontFile);
  const { default: PDFDocument } = await import('pdfkit');
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    info: { Title: options.title, Author: 'CaseDesk', CreationDate: options.createdAt },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('body', fonts.regular);
  doc.registerFont('heading', fonts.bold);
  return { doc, finished, spacing: (text) => ({ features: CHINESE.test(text) ? [] : ['pwid'] }) };
}
