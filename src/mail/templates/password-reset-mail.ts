import type { Language } from '../../domain/access/roles.js';
import { mailTexts, renderMail, type RenderedMail } from './render-mail.js';

export interface PasswordResetMailInput {
  language: Language;
  name: string;
  email: string;
  url: string;
  expiresAt: string;
  /** An admin sent it, rather than the user asking on the sign-in page. */
  sentByAdmin: boolean;
}

/** The link that sets a new password, in the user's language. */
export function renderPasswordResetMail(input: PasswordResetMailInput): RenderedMail {
  const t = mailTexts(input.language);
  const expiresAt = input.expiresAt.slice(0, 16).replace('T', ' ');
  return renderMail({
    language: input.language,
    subject: t('mail.passwordReset.subject'),
    paragraphs: [
      t('mail.passwordReset.greeting', { name: input.name }),
      t(input.sentByAdmin ? 'mail.passwordReset.sentByAdmin' : 'mail.passwordReset.requested', { email: input.email }),
      t('mail.passwordReset.expires', { expiresAt }),
      ...(input.sentByAdmin ? [] : [t('mail.passwordReset.ignore')]),
    ],
    link: { text: t('mail.passwordReset.link', { url: input.url }), url: input.url },
  });
}
