import type { Language } from '../../domain/access/roles.js';
import { mailTexts, renderMail, type RenderedMail } from './render-mail.js';

/** What the owners of an overdue preventive action are told: which action, of which problem, due when, and where. */
export function renderOverdueProblemActionMail(input: {
  language: Language;
  recipientName: string;
  problemTitle: string;
  action: string;
  dueOn: string;
  actionOwner: string;
  problemOwner: string;
  url: string;
}): RenderedMail {
  const t = mailTexts(input.language, 'problemRecords.mail.actionOverdue.');
  const about = { problem: input.problemTitle, action: input.action, dueOn: input.dueOn };
  return renderMail({
    language: input.language,
    subject: t('subject', about),
    paragraphs: [
      t('greeting', { name: input.recipientName }),
      t('body', about),
      t('owners', { actionOwner: input.actionOwner, problemOwner: input.problemOwner }),
    ],
    link: { text: t('link', { url: input.url }), url: input.url },
  });
}
