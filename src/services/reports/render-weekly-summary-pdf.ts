import type { Language } from '../../domain/access/roles.js';
import type { WeeklySummaryFigures } from '../../domain/reports/weekly-summary.js';
import { translate } from '../../i18n/translate.js';
import { weeklySummaryLines, weeklySummaryScope } from '../../mail/templates/weekly-summary-mail.js';
import { startPdf } from '../service-records/pdf-document.js';

/**
 * The weekly summary as a one-page A4 PDF in the reader's language, with the fonts service records are printed with
 * (Noto Sans SC embedded as a subset, or `CASEDESK_PDF_FONT`), so Chinese department names and labels render.
 */
export async function renderWeeklySummaryPdf(
  figures: WeeklySummaryFigures,
  language: Language,
  options: { sentAt: string; fontFile?: string | null | undefined },
): Promise<Buffer> {
  const t = (key: string, params: Record<string, unknown> = {}) => translate(language, `weeklySummary.${key}`, params);
  const scope = weeklySummaryScope(figures, language);
  const { doc, finished, spacing } = await startPdf({
    title: `${t('title')} ${scope} ${figures.from}–${figures.to}`,
    createdAt: new Date(options.sentAt),
    fontFile: options.fontFile,
  });

  const title = `${t('title')} · ${scope}`;
  doc
    .font('heading')
    .fontSize(18)
    .text(title, { ...spacing(title), align: 'center' });
  const subtitle = `${figures.from} – ${figures.to} (${figures.timeZone}) · ${t('generatedAt')}${language === 'zh-CN' ? '：' : ': '}${options.sentAt.slice(0, 16).replace('T', ' ')} UTC`;
  doc
    .font('body')
    .fontSize(10)
    .text(subtitle, { ...spacing(subtitle), align: 'center' })
    .moveDown(1.5);

  const left = doc.page.margins.left;
  const valueX = left + 300;
  const header = (label: string, value: string) => {
    const y = doc.y;
    doc.font('heading').fontSize(11).fillColor('#1f3a5f').text(label, left, y, spacing(label));
    doc.text(value, valueX, y, spacing(value));
    doc.moveDown(0.4).fillColor('black');
  };
  header(t('figure'), t('value'));
  for (const [label, value] of weeklySummaryLines(figures, language)) {
    const y = doc.y;
    doc
      .font('body')
      .fontSize(11)
      .text(label, left, y, { ...spacing(label), width: 290 });
    const below = doc.y;
    doc.text(value, valueX, y, spacing(value));
    doc.y = Math.max(below, doc.y);
    doc.moveDown(0.3);
  }
  doc.end();
  return finished;
}
