import type { Language } from '../../domain/access/roles.js';
import { contactGreeting, mailTexts, renderMail, type RenderedMail } from './render-mail.js';

export interface ConfirmationMailInput {
  language: Language;
  contactName: string | null;
  caseNumber: string;
  caseTitle: string;
  url: string;
  expiresAt: string;
  /** Whether the contact can sign in to the customer portal (`mailsPortalTo`): the mail mentions it only then. */
  portal: boolean;
}

/** Asks the customer contact to confirm the service record of a resolved case through a signed, single-use link. */
export function renderConfirmationMail(input: ConfirmationMailInput): RenderedMail {
  const t = mailTexts(input.language);
  return renderMail({
    language: input.language,
    subject: t('serviceLoop.mail.confirmation.subject', { number: input.caseNumber, title: input.caseTitle }),
    paragraphs: [
      contactGreeting(t, input.contactName),
      t('serviceLoop.mail.confirmation.body', { number: input.caseNumber, title: input.caseTitle }),
      [
        t('serviceLoop.mail.confirmation.expiry', { expiresAt: input.expiresAt.slice(0, 10) }),
        ...(input.portal ? [t('serviceLoop.mail.confirmation.portal')] : []),
      ].join(' '),
    ],
    link: { text: t('serviceLoop.mail.confirmation.link', { url: input.url }), url: input.url },
  });
}
