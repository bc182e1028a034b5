import type { Language } from '../../domain/access/roles.js';
import type { RecurrenceRuleId } from '../../domain/problems/recurrence.js';
import { daysText } from '../../i18n/durations.js';
import { translate } from '../../i18n/translate.js';
import { wordIn, words, type Wording } from '../../i18n/wording.js';

/** What the proposal texts need to know of a proposal (a stored row with its names joined). */
export interface ProposalNames {
  rule: RecurrenceRuleId;
  serial_number: string | null;
  model: string | null;
  threshold: number;
  window_days: number;
  organization_name: string | null;
  vendor_name: string | null;
}

/** "serial number FOC123" or "Cisco ISR 4331 at Harbour Power Grid", in the reader's language. */
export function patternText(language: Language, proposal: ProposalNames): string {
  return wordIn(language, patternWords(proposal));
}

/** The pattern, to be worded in a reader's language (an in-app notice). */
export function patternWords(proposal: ProposalNames): Wording {
  return words(`problemProposals.pattern.${proposal.rule}`, {
    serial: proposal.serial_number ?? '',
    vendor: proposal.vendor_name ?? '',
    model: proposal.model ?? '',
    customer: proposal.organization_name ?? '',
  });
}

/** The rule as it was when the pattern was proposed. */
export function ruleText(language: Language, proposal: ProposalNames): string {
  return translate(language, `problemProposals.rule.${proposal.rule}`, {
    threshold: Number(proposal.threshold),
    days: daysText(language, Number(proposal.window_days)),
  });
}
