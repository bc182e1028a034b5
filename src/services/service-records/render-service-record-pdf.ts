import type { Language } from '../../domain/access/roles.js';
import { localMinute } from '../../domain/calendar/local-time.js';
import { translate } from '../../i18n/translate.js';
import { itemBillingText } from './item-billing-text.js';
import { startPdf } from './pdf-document.js';
import type { ServiceRecord } from './view-service-record.js';

/**
 * Prints the customer service record as an A4 PDF with the labels in the customer's language. Everything the
 * record says comes from `record`; `generatedAt` is passed in so the same record prints the same document.
 * `fontFile` is the configured `CASEDESK_PDF_FONT`, if any.
 */
export async function renderServiceRecordPdf(
  record: ServiceRecord,
  generatedAt: Date,
  options: { fontFile?: string | null | undefined } = {},
): Promise<Buffer> {
  const language: Language = record.language;
  const t = (key: string, params: Record<string, unknown> = {}) => translate(language, `serviceLoop.pdf.${key}`, params);
  const when = (instant: string | null) => localMinute(instant, record.timeZone);

  const { doc, finished, spacing } = await startPdf({
    title: `${t('title')} ${record.request.number}`,
    createdAt: generatedAt,
    fontFile: options.fontFile,
  });
  const bodyFont = 'body';
  const headingFont = 'heading';
  const heading = (text: string) => {
    doc.moveDown(0.8).font(headingFont).fontSize(13).fillColor('#1f3a5f').text(text, spacing(text)).moveDown(0.3);
    doc.font(bodyFont).fontSize(10).fillColor('black');
  };
  const field = (label: string, value: string | number | null | undefined) => {
    doc
      .font(headingFont)
      .fontSize(10)
      .text(`${label}: `, { ...spacing(label), continued: true });
    const text = value === null || value === undefined || value === '' ? '—' : String(value);
    doc.font(bodyFont).text(text, spacing(text));
  };

  doc
    .font(headingFont)
    .fontSize(18)
    .text(t('title'), { ...spacing(t('title')), align: 'center' });
  doc
    .font(bodyFont)
    .fontSize(10)
    .text(`${t('caseNumber')}: ${record.request.number}   ${t('generatedAt')}: ${when(generatedAt.toISOString())}`, {
      ...spacing(t('caseNumber')),
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
  field(t('channel'), t(`channels.${record.request.channel}`));
  field(t('serialNumbers'), record.request.serialNumbers.join(', '));
  field(t('department'), record.request.departmentName);
  field(t('engineer'), record.request.assigneeName);
  field(t('status'), t(`statuses.${record.request.status}`));
  field(t('resolvedAt'), when(record.request.resolvedAt));
  field(t('description'), record.request.description);

  heading(t('items'));
  if (record.items.length === 0) doc.text(t('noItems'), spacing(t('noItems')));
  record.items.forEach((item, index) => {
    const title = `${index + 1}. ${t(`actionTypes.${item.type}`)}`;
    doc.font(headingFont).text(title, spacing(title));
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
    const state = t(`confirmationStates.${record.confirmation.state}`);
    doc.text(state, spacing(state));
    const signature = `${t('signature')}: ______________________    ${t('date')}: ______________`;
    doc.moveDown(1.5).text(signature, spacing(signature));
  }
  for (const confirmation of confirmations) {
    field(t('confirmedBy'), `${confirmation.name}${confirmation.email ? ` <${confirmation.email}>` : ''}`);
    field(t('confirmedAt'), when(confirmation.at));
    field(t('confirmedHow'), t(`confirmationMethods.${confirmation.method}`));
    if (confirmation.ip) field(t('confirmedFrom'), confirmation.ip);
    if (confirmation.note) field(t('note'), confirmation.note);
    doc.moveDown(0.3);
  }
  doc.end();
  return finished;
}
