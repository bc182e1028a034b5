import type { Language } from '../../domain/access/roles.js';
import { mailTexts, renderMail, type RenderedMail } from './render-mail.js';

export interface TooLargeMailInput {
  language: Language;
  /** The subject of the sender's mail (may be empty). */
  subject: string;
  /** The mail's size and CaseDesk's limit, in words ("31.2 MB"). */
  size: string;
  limit: string;
  /** The customer portal, where a request can be logged with files; null when the sender has no account to sign in with. */
  portalUrl: string | null;
  /** The admin's hotline number; null while none is set. */
  hotlineNumber: string | null;
}

/**
 * Tells the sender of a mail too large to take in that it was not taken in, the limit, and how to send it instead.
 */
export function renderTooLargeMail(input: TooLargeMailInput): RenderedMail {
  const t = mailTexts(input.language);
  const subject = input.subject.trim() || t('mail.tooLarge.noSubject');
  return renderMail({
    language: input.language,
    subject: t('mail.tooLarge.subject', { subject }),
    paragraphs: [
      t('mail.tooLarge.intro', { subject, size: input.size, limit: input.limit }),
      t('mail.tooLarge.how', { limit: input.limit }),
      ...(input.hotlineNumber ? [t('mail.acknowledgement.hotline', { phone: input.hotlineNumber })] : []),
    ],
    ...(input.portalUrl ? { link: { text: t('mail.tooLarge.portal', { url: input.portalUrl }), url: input.portalUrl } } : {}),
  });
}
