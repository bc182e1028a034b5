import type { Language } from '../../domain/access/roles.js';
import { translate } from '../../i18n/translate.js';
import { itemBillingText } from './item-billing-text.js';
import { pdfFont } from './pdf-fonts.js';
import type { ServiceRecord } from './view-service-record.js';

/** Formats an instant for print: minutes, UTC, said so. */
function when(instant: string | null): string {
  return instant ? `${instant.slice(0, 10)} ${instant.slice(11, 16)} UTC` : '—';
}

/**
 * Prints the customer service record as an A4 PDF with the labels in the customer's language. Everything the
 * record says comes from `record`; `generatedAt` is passed in so the same record prints the same document.
 */
export async function renderServiceRecordPdf(record: ServiceRecord, generatedAt: Date): Promise<Buffer> {
  const font = pdfFont();
  // Without a CJK font the base font cannot write Chinese labels, so the record falls back to English.
  const language: Language = font.cjk ? record.language : 'en';
  const t = (key: string, params: Record<string, unknown> = {}) => translate(language, `serviceLoop.pdf.${key}`, params);
  const printable = (text: string) => (font.cjk ? text : text.replace(/[^\n\x20-\x7e\u00a0-\u00ff]/g, '?'));

  // pdfkit is loaded with the first record printed: start-up does not pay for it.
  const { default: PDFDocument } = await import('pdfkit');
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    info: { Title: `${t('title')} ${record.request.number}`, Author: 'CaseDesk', CreationDate: generatedAt },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  if (font.data) doc.registerFont('body', font.data, font.family);
  if (font.bold) doc.registerFont('heading', font.bold.data, font.bold.family);
  const bodyFont = font.data ? 'body' : 'Helvetica';
  const headingFont = font.bold ? 'heading' : font.data ? 'body' : 'Helvetica-Bold';

  const heading = (text: string) => {
    doc.moveDown(0.8).font(headingFont).fontSize(13).fillColor('#1f3a5f').text(printable(text)).moveDown(0.3);
    doc.font(bodyFont).fontSize(10).fillColor('black');
  };
  const field = (label: string, value: string | number | null | undefined) => {
    doc
      .font(headingFont)
      .fontSize(10)
      .text(`${printable(label)}: `, { continued: true });
    doc.font(bodyFont).text(printable(value === null || value === undefined || value === '' ? '—' : String(value)));
  };

  doc
    .font(headingFont)
    .fontSize(18)
    .text(printable(t('title')), { align: 'center' });
  doc
    .font(bodyFont)
    .fontSize(10)
    .text(printable(`${t('caseNumber')}: ${record.request.number}   ${t('generatedAt')}: ${when(generatedAt.toISOString())}`), {
      align: 'center',
    });

  heading(t('customer'));
  field(t('organization'), record.customer.organizationName);
  if (record.customer.organizationCode) field(t('organizationCode'), record.customer.organizationCode);
  field(t('contact'), record.customer.contactName);
  field(t('email'), record.customer.contactEmail);
  field(t('phone'), record.customer.contactPhone);

  heading(t('request'));
  field(t('caseNumber'), record.request.number);
  field(t('caseTitle'), record.request.title);
  field(t('receivedAt'), when(record.request.receivedAt));
  field(t('level'), record.request.level);
  field(t('kind'), t(`kinds.${record.request.kind}`));
  field(t('channel'), record.request.channel);
  field(t('serialNumbers'), record.request.serialNumbers.join(', '));
  field(t('department'), record.request.departmentName);
  field(t('engineer'), record.request.assigneeName);
  field(t('status'), t(`statuses.${record.request.status}`));
  field(t('resolvedAt'), when(record.request.resolvedAt));
  field(t('description'), record.request.description);

  heading(t('items'));
  if (record.items.length === 0) doc.text(printable(t('noItems')));
  record.items.forEach((item, index) => {
    doc.font(headingFont).text(printable(`${index + 1}. ${t(`actionTypes.${item.type}`)}`));
    doc.font(bodyFont);
    if (item.engineerName || item.performedByName) field(t('engineer'), item.engineerName ?? item.performedByName);
    if (item.site) field(t('site'), item.site);
    if (item.plannedStart) field(t('planned'), `${when(item.plannedStart)} – ${when(item.plannedEnd)}`);
    if (item.arrivedAt) field(t('arrivedAt'), when(item.arrivedAt));
    if (item.departedAt) field(t('departedAt'), when(item.departedAt));
    if (!item.arrivedAt && item.startedAt) field(t('startedAt'), when(item.startedAt));
    if (!item.departedAt && item.endedAt) field(t('endedAt'), when(item.endedAt));
    field(t('workDone'), item.summary);
    if (item.outcome) field(t('outcome'), item.outcome);
    field(t('billing'), itemBillingText(language, item.billing));
    doc.moveDown(0.4);
  });

  heading(t('confirmation'));
  const confirmations = record.confirmation.confirmations;
  if (confirmations.length === 0) {
    doc.text(printable(t(`confirmationStates.${record.confirmation.state}`)));
    doc.moveDown(1.5).text(printable(`${t('signature')}: ______________________    ${t('date')}: ______________`));
  }
  for (const confirmation of confirmations) {
    field(t('confirmedBy'), `${confirmation.name}${confirmation.email ? ` <${confirmation.email}>` : ''}`);
    field(t('confirmedAt'), when(confirmation.at));
    field(t('confirmedHow'), t(`confirmationMethods.${confirmation.method}`));
    if (confirmation.ip) field(t('confirmedFrom'), confirmation.ip);
    if (confirmation.note) field(t('note'), confirmation.note);
    doc.moveDown(0.3);
  }
  if (!font.cjk)
    doc
      .moveDown(1)
      .fontSize(8)
      .fillColor('#666')
      .text('Printed without a Chinese font: install fonts-noto-cjk or fonts-wqy-zenhei on the server.');

  doc.end();
  return finished;
}
