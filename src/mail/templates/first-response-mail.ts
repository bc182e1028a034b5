import type { Language } from '../../domain/access/roles.js';
import { wordIn, words, type Wording } from '../../i18n/wording.js';
import { mailTexts, renderMail, type RenderedMail } from './render-mail.js';

/** What a department manager is told when a case of the department misses its first-response target. */
export function renderFirstResponseBreachMail(input: {
  language: Language;
  recipientName: string;
  number: string;
  title: string;
  level: number;
  /** The due time, already written in the company's time zone. */
  dueAt: string;
  url: string;
}): RenderedMail {
  const t = mailTexts(input.language, 'firstResponseTargets.mail.breached.');
  const about = { number: input.number, title: input.title, level: input.level, dueAt: input.dueAt };
  return renderMail({
    language: input.language,
    subject: wordIn(input.language, firstResponseBreachSubject(about)),
    paragraphs: [t('greeting', { name: input.recipientName }), t('body', about)],
    link: { text: t('link', { url: input.url }), url: input.url },
  });
}

/** The breach mail's subject, also the in-app notice's body. */
export function firstResponseBreachSubject(about: { number: string; title: string; level: number; dueAt: string }): Wording {
  return words('firstResponseTargets.mail.breached.subject', about);
}
