import type { Language } from '../../domain/access/roles.js';
import { wordIn, words, type Wording } from '../../i18n/wording.js';
import { mailTexts, renderMail, type RenderedMail } from './render-mail.js';

/** The case events a staff member is told of by a mail of this template. */
export type CaseNotificationMailKind = 'case-assigned' | 'new-unassigned-case' | 'customer-replied' | 'case-reopened';

export interface CaseNotificationMailInput {
  language: Language;
  kind: CaseNotificationMailKind;
  recipientName: string;
  caseNumber: string;
  caseTitle: string;
  customerName: string;
  departmentName: string;
  /** Who caused it: the assigning or reopening staff member, or the replying customer. */
  actorName: string;
  /** How the customer replied, for `customer-replied`. */
  via?: 'portal' | 'email';
  /** The customer's words, for `customer-replied`. */
  excerpt?: string;
  caseUrl: string;
  preferencesUrl: string;
}

/** The in-app title of a case notification, with the case number: worded when read, in the reader's language. */
export function caseNotificationTitle(
  input: Omit<CaseNotificationMailInput, 'language' | 'recipientName' | 'caseUrl' | 'preferencesUrl'>,
): Wording {
  return caseNotificationWords(input, 'title');
}

/** The mail's subject says the same without the number: the thread tag in front of it (`[C-2026-000123] `) names the case. */
function caseNotificationWords(
  input: Omit<CaseNotificationMailInput, 'language' | 'recipientName' | 'caseUrl' | 'preferencesUrl'>,
  part: 'title' | 'subject',
): Wording {
  return words(`caseNotifications.${part}.${input.kind}`, {
    number: input.caseNumber,
    title: input.caseTitle,
    department: input.departmentName,
    name: input.actorName,
    via: words(`caseNotifications.via.${input.via ?? 'portal'}`),
  });
}

/** A staff member's mail about a case event, in their language, with a link to the case and to their settings. */
export function renderCaseNotificationMail(input: CaseNotificationMailInput): RenderedMail {
  const t = mailTexts(input.language);
  const what = t(`caseNotifications.mail.${input.kind}`, {
    number: input.caseNumber,
    actor: input.actorName,
    name: input.actorName,
    department: input.departmentName,
    via: t(`caseNotifications.via.${input.via ?? 'portal'}`),
  });
  return renderMail({
    language: input.language,
    subject: wordIn(input.language, caseNotificationWords(input, 'subject')),
    paragraphs: [
      t('caseNotifications.mail.greeting', { name: input.recipientName }),
      input.excerpt ? `${what}\n\n${input.excerpt}` : what,
      [
        t('caseNotifications.mail.caseLine', { number: input.caseNumber, title: input.caseTitle }),
        t('caseNotifications.mail.customer', { customer: input.customerName }),
      ].join('\n'),
      t('caseNotifications.mail.preferences', { url: input.preferencesUrl }),
    ],
    link: { text: t('caseNotifications.mail.link', { url: input.caseUrl }), url: input.caseUrl },
  });
}
