import type { Language } from '../../domain/access/roles.js';
import type { CaseLevel } from '../../domain/cases/levels.js';
import { translate } from '../../i18n/translate.js';
import { mailTexts, renderMail, type RenderedMail } from './render-mail.js';

/** One line of the timeline excerpt a vendor report carries: what the vendor's engineers need, no internal notes. */
export type VendorReportEvent = { at: string } & (
  | { kind: 'created'; channel: string; level: number }
  | { kind: 'action'; type: string; summary: string; outcome: string | null }
  | { kind: 'levelChanged'; from: number; to: number; reason: string }
  | { kind: 'transitioned'; from: string; to: string }
  | { kind: 'reply'; body: string }
  | { kind: 'arrived'; site: string }
  | { kind: 'departed'; workDone: string }
  | { kind: 'exchanged'; old: string; new: string }
);

export interface VendorReportProduct {
  serialNumber: string;
  /** Null when the serial number is not in the configuration record. */
  model: string | null;
  softwareVersion: string | null;
}

export interface VendorReportMailInput {
  language: Language;
  vendorName: string;
  centerName: string | null;
  contractNumber: string | null;
  caseNumber: string;
  caseTitle: string;
  level: CaseLevel;
  customerName: string;
  products: VendorReportProduct[];
  description: string;
  timeline: VendorReportEvent[];
  note: string | null;
  senderName: string;
}

function minute(instant: string): string {
  return `${instant.slice(0, 10)} ${instant.slice(11, 16)}`;
}

/**
 * The report that goes to the vendor's support center: our support contract number, the products with serial
 * numbers and software versions, the fault description and what was done so far, in the chosen language.
 */
export function renderVendorReportMail(input: VendorReportMailInput): RenderedMail {
  const t = mailTexts(input.language, 'mail.vendorReport.');
  const status = (value: string) => translate(input.language, `serviceLoop.pdf.statuses.${value}`, { defaultValue: value });
  const actionType = (value: string) => t(`actionTypes.${value}`, { defaultValue: value });
  const eventText = (event: VendorReportEvent): string => {
    switch (event.kind) {
      case 'created':
        return t('events.created', { channel: event.channel, level: event.level });
      case 'action':
        return event.outcome
          ? t('events.actionOutcome', { type: actionType(event.type), summary: event.summary, outcome: event.outcome })
          : t('events.action', { type: actionType(event.type), summary: event.summary });
      case 'levelChanged':
        return t('events.levelChanged', { from: event.from, to: event.to, reason: event.reason });
      case 'transitioned':
        return t('events.transitioned', { from: status(event.from), to: status(event.to) });
      case 'reply':
        return t('events.reply', { body: event.body });
      case 'arrived':
        return t('events.arrived', { site: event.site });
      case 'departed':
        return t('events.departed', { workDone: event.workDone });
      case 'exchanged':
        return t('events.exchanged', { old: event.old, new: event.new });
    }
  };
  const products =
    input.products.length === 0
      ? [t('noProducts')]
      : input.products.map((product) =>
          product.model === null
            ? t('productUnknown', { serial: product.serialNumber })
            : t('product', {
                serial: product.serialNumber,
                model: product.model,
                version: product.softwareVersion ?? t('unknownVersion'),
              }),
        );
  const timeline =
    input.timeline.length === 0 ? [t('noTimeline')] : input.timeline.map((event) => `- ${minute(event.at)} ${eventText(event)}`);
  const paragraphs = [
    t('greeting', { center: input.centerName ?? input.vendorName }),
    t('intro', {
      customer: input.customerName,
      number: input.caseNumber,
      level: input.level,
      definition: translate(input.language, `level.${input.level}.definition`),
    }),
    input.contractNumber ? t('contract', { contract: input.contractNumber }) : t('noContract'),
    [t('products'), ...products].join('\n'),
    [t('fault'), input.caseTitle, input.description].join('\n'),
    [t('timeline'), ...timeline].join('\n'),
    ...(input.note ? [[t('note'), input.note].join('\n')] : []),
    t('closing'),
  ];
  return renderMail({
    language: input.language,
    subject: t('subject', { number: input.caseNumber, title: input.caseTitle }),
    paragraphs,
    footer: t('sender', { name: input.senderName }),
  });
}
