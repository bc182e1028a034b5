import type { Language } from '../../domain/access/roles.js';
import { wordIn, words, type Wording } from '../../i18n/wording.js';
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
    subject: wordIn(input.language, overdueProblemActionSubject(about)),
    paragraphs: [
      t('greeting', { name: input.recipientName }),
      t('body', about),
      t('owners', { actionOwner: input.actionOwner, problemOwner: input.problemOwner }),
    ],
    link: { text: t('link', { url: input.url }), url: input.url },
  });
}

/** The overdue action mail's subject, also the in-app notice's body. */
export function overdueProblemActionSubject(about: { problem: string; action: string; dueOn: string }): Wording {
  return words('problemRecords.mail.actionOverdue.subject', about);
}
