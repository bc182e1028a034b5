import { translate } from '../../i18n/translate.js';
import { startPdf } from '../service-records/pdf-document.js';
import type { PersonalDataExport } from './export-personal-data.js';

type Value = string | number | boolean | null | undefined;

/**
 * Prints a personal data export as a readable A4 PDF, labels in the export's language (the asking admin's), with the
 * fonts service records are printed with (Noto Sans SC embedded as a subset, or `CASEDESK_PDF_FONT`).
 */
export async function renderPersonalDataPdf(
  data: PersonalDataExport,
  options: { fontFile?: string | null | undefined } = {},
): Promise<Buffer> {
  const t = (key: string, params: Record<string, unknown> = {}) => translate(data.language, `personalData.pdf.${key}`, params);
  const { doc, finished, spacing } = await startPdf({
    title: `${t('title')} ${data.subject.name}`,
    createdAt: new Date(data.generatedAt),
    fontFile: options.fontFile,
  });
  const show = (value: Value): string =>
    value === null || value === undefined || value === '' ? '—' : typeof value === 'boolean' ? t(value ? 'yes' : 'no') : String(value);
  const heading = (text: string) => {
    doc.moveDown(0.8).font('heading').fontSize(13).fillColor('#1f3a5f').text(text, spacing(text)).moveDown(0.3);
    doc.font('body').fontSize(10).fillColor('black');
  };
  const field = (label: string, value: Value) => {
    doc
      .font('heading')
      .fontSize(10)
      .text(`${label}: `, { ...spacing(label), continued: true });
    const text = show(value);
    doc.font('body').text(text, spacing(text));
  };
  const section = <T>(key: string, items: T[], fields: (item: T) => [string, Value][]) => {
    heading(`${t(`sections.${key}`)} (${items.length})`);
    if (items.length === 0) doc.text(t('none'), spacing(t('none')));
    for (const item of items) {
      for (const [label, value] of fields(item)) field(t(`fields.${label}`), value);
      doc.moveDown(0.4);
    }
  };

  doc
    .font('heading')
    .fontSize(18)
    .text(t('title'), { ...spacing(t('title')), align: 'center' });
  const subtitle = `${data.subject.name} · ${t('generatedAt')}: ${data.generatedAt.slice(0, 16).replace('T', ' ')} UTC`;
  doc
    .font('body')
    .fontSize(10)
    .text(subtitle, { ...spacing(subtitle), align: 'center' });

  section('contacts', data.contacts, (c) => [
    ['name', c.name],
    ['email', c.email],
    ['phone', c.phone],
    ['secondPhone', c.secondPhone],
    ['roleAtCustomer', c.roleAtCustomer],
    ['language', c.language],
    ['createdAt', c.createdAt],
    ['erasedAt', c.erasedAt],
  ]);
  section('users', data.users, (u) => [
    ['name', u.name],
    ['email', u.email],
    ['role', u.role],
    ['createdAt', u.createdAt],
    ['disabledAt', u.disabledAt],
  ]);
  section('cases', data.cases, (c) => [
    ['caseNumber', c.number],
    ['title', c.title],
    ['status', c.status],
    ['namedAs', t(`namedAs.${c.namedAs}`)],
    ['receivedAt', c.receivedAt],
    ['closedAt', c.closedAt],
  ]);
  section('messages', data.messages, (m) => [
    ['caseNumber', m.caseNumber],
    ['at', m.at],
    ['body', m.body],
  ]);
  section('mailsReceived', data.mailsReceived, (m) => [
    ['caseNumber', m.caseNumber],
    ['to', m.to],
    ['subject', m.subject],
    ['status', m.status],
    ['at', m.sentAt ?? m.createdAt],
  ]);
  section('mailsSent', data.mailsSent, (m) => [
    ['caseNumber', m.caseNumber],
    ['from', m.fromName ? `${m.fromName} <${m.from}>` : m.from],
    ['subject', m.subject],
    ['body', m.body],
    ['at', m.receivedAt],
  ]);
  section('surveyAnswers', data.surveyAnswers, (s) => [
    ['caseNumber', s.caseNumber],
    ['status', s.status],
    ['answeredAt', s.answeredAt],
    ['scores', Object.values(s.scores).join(' / ')],
    ['comment', s.comment],
  ]);
  section('serviceRecordConfirmations', data.serviceRecordConfirmations, (c) => [
    ['caseNumber', c.caseNumber],
    ['name', c.name],
    ['email', c.email],
    ['at', c.at],
    ['note', c.note],
    ...(c.ip ? [['clientAddress', c.ip] as [string, Value]] : []),
  ]);
  section('trainingsAttended', data.trainingsAttended, (a) => [
    ['topic', a.topic],
    ['scheduledOn', a.scheduledOn],
    ['place', a.place],
    ['attended', a.attended],
  ]);
  section('auditEntries', data.auditEntries, (a) => [
    ['at', a.at],
    ['action', a.action],
    ...(a.clientAddress ? [['clientAddress', a.clientAddress] as [string, Value]] : []),
  ]);
  doc.end();
  return finished;
}
