import type { Language } from '../../domain/access/roles.js';
import { faultClassForLevel, levelDefinitionKey, type CaseLevel } from '../../domain/cases/levels.js';
import { contactGreeting, mailTexts, renderMail, type RenderedMail } from './render-mail.js';

/** What a mail to a case's customer says about the case and how to reach the service desk. */
interface CaseMailBasics {
  language: Language;
  contactName: string | null;
  caseNumber: string;
  caseTitle: string;
  /** The case in the web app (the customer portal for a customer). */
  caseUrl: string;
  /** The admin's hotline number; null while none is set. */
  hotlineNumber: string | null;
  /** Whether an answer to the mail reaches CaseDesk (an inbound address is configured). */
  answerable: boolean;
  /** Whether the recipient can sign in to the customer portal; the mail links the case there only then. */
  portal: boolean;
}

export interface AcknowledgementMailInput extends CaseMailBasics {
  level: CaseLevel;
  /** When the first response is due, as the customer reads it (local time with the offset). */
  firstResponseDue: string;
  /** Files of the customer's mail not kept for their size (names with sizes, and the limit), in words. */
  filesLeftOut?: { files: string; limit: string } | null;
}

/** Tells the customer that their request is logged: its number, its level in plain words, and what happens next. */
export function renderAcknowledgementMail(input: AcknowledgementMailInput): RenderedMail {
  const t = mailTexts(input.language);
  const next = faultClassForLevel(input.level) ?? 'request';
  return renderMail({
    language: input.language,
    subject: t('mail.acknowledgement.subject', { title: input.caseTitle }),
    paragraphs: [
      contactGreeting(t, input.contactName),
      t('mail.acknowledgement.intro', { number: input.caseNumber, title: input.caseTitle }),
      ...(input.filesLeftOut ? [t('mail.acknowledgement.filesLeftOut', input.filesLeftOut)] : []),
      t('mail.acknowledgement.level', { level: input.level, definition: t(levelDefinitionKey(input.level)) }),
      `${t(`mail.acknowledgement.next.${next}`)} ${t('mail.acknowledgement.due', { due: input.firstResponseDue })}`,
      ...(input.hotlineNumber ? [t('mail.acknowledgement.hotline', { phone: input.hotlineNumber })] : []),
      ...(input.answerable
        ? [t(input.portal ? 'mail.acknowledgement.reply' : 'mail.acknowledgement.followByMail', { number: input.caseNumber })]
        : []),
    ],
    ...(input.portal ? { link: { text: t('mail.acknowledgement.link', { url: input.caseUrl }), url: input.caseUrl } } : {}),
  });
}

export interface PublicReplyMailInput extends CaseMailBasics {
  authorName: string;
  body: string;
  /** The names of the files the reply carries; a reply of files only says which instead of an empty text. */
  fileNames?: readonly string[];
}

/** A public reply written on the case, as a mail from the person who wrote it. */
export function renderPublicReplyMail(input: PublicReplyMailInput): RenderedMail {
  const t = mailTexts(input.language);
  return renderMail({
    language: input.language,
    subject: t('mail.reply.subject', { title: input.caseTitle }),
    paragraphs: [
      contactGreeting(t, input.contactName),
      t('mail.reply.intro', { author: input.authorName, number: input.caseNumber, title: input.caseTitle }),
      input.body.trim() || t('mail.reply.filesOnly', { names: (input.fileNames ?? []).join(', ') }),
      ...(input.hotlineNumber ? [t('mail.reply.hotline', { phone: input.hotlineNumber })] : []),
    ],
    ...(input.portal ? { link: { text: t('mail.reply.link', { url: input.caseUrl }), url: input.caseUrl } } : {}),
    footer: t(input.answerable ? 'mail.reply.footer' : 'mail.reply.footerNoReply', { author: input.authorName }),
  });
}
