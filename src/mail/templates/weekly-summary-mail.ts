import type { Language } from '../../domain/access/roles.js';
import type { WeeklySummaryFigures } from '../../domain/reports/weekly-summary.js';
import { translate } from '../../i18n/translate.js';
import { mailTexts, renderMail, type RenderedMail } from './render-mail.js';

/** The summary's figures as label and value, in the reader's language: the mail body and the PDF list the same lines. */
export function weeklySummaryLines(figures: WeeklySummaryFigures, language: Language): [string, string][] {
  const t = mailTexts(language, 'weeklySummary.');
  const number = (value: number) => value.toLocaleString(language);
  return [
    [t('opened'), number(figures.opened)],
    [t('resolved'), number(figures.resolved)],
    [t('openAtEnd'), number(figures.totalOpenAtEnd)],
    ...figures.openAtEnd.map((row): [string, string] => [t('openAtLevel', { level: row.level }), number(row.cases)]),
    [t('firstResponseMet'), number(figures.firstResponseMet)],
    [t('firstResponseBreached'), number(figures.firstResponseBreached)],
    [t('escalationsFired'), number(figures.escalationsFired)],
    [
      t('satisfaction'),
      figures.satisfactionAverage === null
        ? t('noSatisfaction')
        : t('satisfactionValue', { average: figures.satisfactionAverage.toFixed(2), responses: number(figures.surveyResponses) }),
    ],
  ];
}

/** Whose figures these are, in the reader's language: the department's name or "the whole company". */
export function weeklySummaryScope(figures: WeeklySummaryFigures, language: Language): string {
  return figures.department?.name ?? translate(language, 'weeklySummary.company');
}

/** The weekly summary mail: the week's figures in the body, the same as a PDF attached by the outbox sender. */
export function renderWeeklySummaryMail(input: {
  language: Language;
  recipientName: string;
  figures: WeeklySummaryFigures;
  url: string;
}): RenderedMail {
  const { figures, language } = input;
  const t = mailTexts(language, 'weeklySummary.');
  const week = { from: figures.from, to: figures.to };
  const subject = figures.department ? t('subjectDepartment', { ...week, department: figures.department.name }) : t('subjectCompany', week);
  // Chinese text takes the full-width colon, as the rest of its sentences do.
  const colon = language === 'zh-CN' ? '：' : ': ';
  const lines = weeklySummaryLines(figures, language).map(([label, value]) => `${label}${colon}${value}`);
  return renderMail({
    language,
    subject,
    paragraphs: [
      t('greeting', { name: input.recipientName }),
      t('intro', { ...week, scope: weeklySummaryScope(figures, language), timeZone: figures.timeZone }),
      lines.join('\n'),
    ],
    link: { text: t('link', { url: input.url }), url: input.url },
  });
}
