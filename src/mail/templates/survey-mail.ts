import type { Language } from '../../domain/access/roles.js';
import { contactGreeting, mailTexts, renderMail, type RenderedMail } from './render-mail.js';

export interface SurveyMailInput {
  language: Language;
  contactName: string | null;
  /** What was served, e.g. "case C-2026-000123: core switch down" — already in the recipient's language. */
  serviceText: string;
  url: string;
  expiresAt: string;
}

/** The follow-up survey invitation: one signed, single-use link to a form that needs no sign-in. */
export function renderSurveyMail(input: SurveyMailInput): RenderedMail {
  const t = mailTexts(input.language);
  return renderMail({
    language: input.language,
    subject: t('serviceLoop.mail.survey.subject', { service: input.serviceText }),
    paragraphs: [
      contactGreeting(t, input.contactName),
      t('serviceLoop.mail.survey.body', { service: input.serviceText }),
      t('serviceLoop.mail.survey.expiry', { expiresAt: input.expiresAt.slice(0, 10) }),
    ],
    link: { text: t('serviceLoop.mail.survey.link', { url: input.url }), url: input.url },
  });
}
