import type { Language } from '../../domain/access/roles.js';
import { translate } from '../../i18n/translate.js';

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

/** How a mail looks up its words: a key (below `prefix`, when one is given) and its parameters, in the mail's language. */
export type MailTexts = (key: string, params?: Record<string, unknown>) => string;

/** The catalogue in the reader's language, for the words of one mail: `const t = mailTexts(input.language, 'mail.vendorReport.')`. */
export function mailTexts(language: Language, prefix = ''): MailTexts {
  return (key, params = {}) => translate(language, `${prefix}${key}`, params);
}

/** How a mail to a customer's contact opens: by name, or without one when the contact has none. */
export function contactGreeting(t: MailTexts, contactName: string | null | undefined): string {
  return contactName ? t('serviceLoop.mail.greeting', { name: contactName }) : t('serviceLoop.mail.greetingAnonymous');
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Everything in a mail body may come from a user or a customer e-mail, so it is escaped before it becomes HTML. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => HTML_ESCAPES[character]!);
}

/** One layout for every CaseDesk mail: paragraphs, a link, the footer; plain text and HTML from the same words. */
export function renderMail(input: {
  language: Language;
  subject: string;
  paragraphs: string[];
  link?: { text: string; url: string };
  /** Replaces the "sent automatically" footer, for a mail a person sends. */
  footer?: string;
}): RenderedMail {
  const footer = input.footer ?? translate(input.language, 'mail.footer');
  const textParts = [...input.paragraphs, ...(input.link ? [input.link.text] : []), '--', footer];
  const htmlParagraphs = input.paragraphs.map((paragraph) => `<p>${escapeHtml(paragraph).replace(/\n/g, '<br>')}</p>`);
  // A signed link is one long word: it may break anywhere, or it widens the whole mail on a phone.
  const htmlLink = input.link
    ? [
        `<p style="overflow-wrap:anywhere;word-wrap:break-word"><a href="${escapeHtml(input.link.url)}">${escapeHtml(input.link.text)}</a></p>`,
      ]
    : [];
  const html = [
    `<!doctype html><html lang="${input.language}"><head><meta charset="utf-8"><title>${escapeHtml(input.subject)}</title></head><body>`,
    ...htmlParagraphs,
    ...htmlLink,
    `<hr><p style="color:#666">${escapeHtml(footer)}</p></body></html>`,
  ].join('\n');
  return { subject: input.subject, text: textParts.join('\n\n'), html };
}
