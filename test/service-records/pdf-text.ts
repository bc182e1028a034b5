import { extractText, getDocumentProxy } from 'unpdf';

/** The text of a PDF, pages joined, whitespace collapsed: what a reader of the printed record would see. */
export async function pdfText(bytes: Buffer): Promise<string> {
  const document = await getDocumentProxy(new Uint8Array(bytes));
  const { text } = await extractText(document, { mergePages: true });
  return text.replace(/\s+/g, ' ');
}
