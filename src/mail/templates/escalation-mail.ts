import type { Language } from '../../domain/access/roles.js';
import type { CaseLevel } from '../../domain/cases/levels.js';
import type { EscalationPosition } from '../../domain/escalation/positions.js';
import { hoursText } from '../../i18n/durations.js';
import { decimalWord, wordIn, words, type Wording } from '../../i18n/wording.js';
import { mailTexts, renderMail, type RenderedMail } from './render-mail.js';

/** The vendor a vendor report involves, as the mail names it. */
export interface EscalationMailVendor {
  name: string;
  supportCenter: { name: string | null; phone: string | null; email: string | null; url: string | null; contractNumber: string | null };
}

export interface EscalationMailInput {
  language: Language;
  recipientName: string;
  caseNumber: string;
  caseId: string;
  caseTitle: string;
  level: CaseLevel;
  position: EscalationPosition;
  hoursUnresolved: number;
  customerName: string;
  vendorReport: boolean;
  /** The vendor whose support center the vendor report involves; null when the case names no vendor's product. */
  vendor?: EscalationMailVendor | null;
  caseUrl: string;
}

/** The upgrading report's subject, also the in-app notice's title. */
export function escalationSubject(input: { caseNumber: string; level: number; hoursUnresolved: number; caseTitle: string }): Wording {
  return words('mail.escalation.subject', {
    number: input.caseNumber,
    level: input.level,
    hours: decimalWord(input.hoursUnresolved),
    title: input.caseTitle,
  });
}

/** The upgrading report to a position holder: subject names the case number and "Escalation" (升级报告 in Chinese). */
export function renderEscalationMail(input: EscalationMailInput): RenderedMail {
  const t = mailTexts(input.language);
  const subject = wordIn(input.language, escalationSubject(input));
  const paragraphs = [
    t('mail.escalation.greeting', { name: input.recipientName }),
    t('mail.escalation.intro', { position: t(`positions.${input.position}`) }),
    [
      t('mail.escalation.title', { number: input.caseNumber, title: input.caseTitle }),
      t('mail.escalation.level', { level: input.level, definition: t(`level.${input.level}.definition`) }),
      t('mail.escalation.unresolved', { duration: hoursText(input.language, input.hoursUnresolved) }),
      t('mail.escalation.customer', { customer: input.customerName }),
    ].join('\n'),
    ...(input.vendorReport ? [t('mail.escalation.vendor'), vendorParagraph(input.vendor ?? null, t)] : []),
  ];
  return renderMail({
    language: input.language,
    subject,
    paragraphs,
    link: { text: t('mail.escalation.link', { url: input.caseUrl }), url: input.caseUrl },
  });
}

/** Who to call at the vendor: its support center with phone, e-mail and our support contract number there. */
function vendorParagraph(vendor: EscalationMailVendor | null, t: (key: string, params?: Record<string, unknown>) => string): string {
  if (!vendor) return t('mail.escalation.vendorUnknown');
  const center = vendor.supportCenter;
  const missing = t('mail.escalation.vendorMissing');
  return [
    t('mail.escalation.vendorCenter', { center: center.name ?? missing, vendor: vendor.name }),
    t('mail.escalation.vendorPhone', { phone: center.phone ?? missing }),
    t('mail.escalation.vendorEmail', { email: center.email ?? missing }),
    ...(center.url ? [t('mail.escalation.vendorUrl', { url: center.url })] : []),
    t('mail.escalation.vendorContract', { vendor: vendor.name, contract: center.contractNumber ?? missing }),
    t('mail.escalation.vendorReportReady'),
  ].join('\n');
}

export interface ConfigurationAlertMailInput {
  language: Language;
  caseNumber: string;
  caseId: string;
  position: EscalationPosition;
  /** The case has no servicing department, or the position (of its department or of the company) is empty. */
  cause: 'no-department' | 'position-empty';
  /** The case's department, for a department position. */
  departmentName: string | null;
  customerName: string;
  caseUrl: string;
  adminUrl: string;
}

/**
 * Tells admins that a report had nobody to go to, and why, so the gap is fixed instead of silently skipped; the
 * report is delivered once it is.
 */
export function renderConfigurationAlertMail(input: ConfigurationAlertMailInput): RenderedMail {
  const t = mailTexts(input.language);
  const alert = configurationAlertWords(input);
  const paragraphs = [
    wordIn(input.language, alert.body),
    t(`mail.alert.${alert.variant}.fix`, { url: input.cause === 'no-department' ? input.caseUrl : input.adminUrl }),
    t('mail.alert.deliveredLater'),
  ];
  return renderMail({
    language: input.language,
    subject: wordIn(input.language, alert.subject),
    paragraphs,
    link: { text: t('mail.escalation.link', { url: input.caseUrl }), url: input.caseUrl },
  });
}

/** What a configuration alert says: its subject (the in-app notice's title) and its first paragraph (the notice's body). */
export function configurationAlertWords(
  input: Pick<ConfigurationAlertMailInput, 'caseNumber' | 'customerName' | 'position' | 'cause' | 'departmentName'>,
): { variant: string; subject: Wording; body: Wording } {
  const params = {
    number: input.caseNumber,
    customer: input.customerName,
    position: words(`positions.${input.position}`),
    department: input.departmentName ?? '',
  };
  const variant =
    input.cause === 'no-department' ? 'noDepartment' : input.departmentName !== null ? 'departmentPosition' : 'companyPosition';
  return { variant, subject: words(`mail.alert.${variant}.subject`, params), body: words(`mail.alert.${variant}.body`, params) };
}
