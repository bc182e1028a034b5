/**
 * Recurrence detection (SPEC §6: "so that similar faults do not recur"): rules that say when fault cases come back
 * often enough to deserve a problem record, and when a pattern is proposed (again). Pure: time is a parameter.
 */

export const RECURRENCE_RULE_IDS = ['serial-number', 'model-at-customer'] as const;
export type RecurrenceRuleId = (typeof RECURRENCE_RULE_IDS)[number];

export interface RecurrenceRule {
  id: RecurrenceRuleId;
  enabled: boolean;
  /** How many fault cases, at least. */
  threshold: number;
  /** Within how many days (counted back from now, by each case's received-at). */
  windowDays: number;
}

/**
 * The defaults, used while an admin has changed nothing: 3 fault cases on one serial number within 90 days; 5 fault
 * cases on one product model (vendor and model) at one customer within 30 days.
 */
export const DEFAULT_RECURRENCE_RULES: readonly RecurrenceRule[] = [
  { id: 'serial-number', enabled: true, threshold: 3, windowDays: 90 },
  { id: 'model-at-customer', enabled: true, threshold: 5, windowDays: 30 },
];

/** The limits an admin may set: a pattern of one case is no pattern; a window beyond two years is history. */
export const RECURRENCE_LIMITS = { threshold: { min: 2, max: 1000 }, windowDays: { min: 1, max: 730 } } as const;

/** The stored rules over the defaults, in the defaults' order. */
export function effectiveRecurrenceRules(stored: readonly RecurrenceRule[]): RecurrenceRule[] {
  return DEFAULT_RECURRENCE_RULES.map((rule) => stored.find((candidate) => candidate.id === rule.id) ?? rule);
}

/** The earliest received-at a case may have to count for a rule now (exclusive). */
export function windowStart(rule: Pick<RecurrenceRule, 'windowDays'>, now: Date): string {
  return new Date(now.getTime() - rule.windowDays * 86_400_000).toISOString();
}

/** What a pattern is about: one serial number, or one vendor's model at one customer. */
export type RecurrencePattern =
  { rule: 'serial-number'; serialNumber: string } | { rule: 'model-at-customer'; organizationId: string; vendorId: string; model: string };

/**
 * The key that makes a pattern one proposal: serial numbers regardless of letter case (as everywhere in CaseDesk),
 * a model as its vendor and its exact name at one customer.
 */
export function patternKey(pattern: RecurrencePattern): string {
  return pattern.rule === 'serial-number'
    ? `serial-number:${pattern.serialNumber.toUpperCase()}`
    : `model-at-customer:${pattern.organizationId}:${pattern.vendorId}:${pattern.model}`;
}

export const PROPOSAL_STATUSES = ['open', 'accepted', 'dismissed'] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];

/** The latest proposal of a pattern, as far as proposing again is concerned. */
export interface LatestProposal {
  round: number;
  status: ProposalStatus;
  /** When it was dismissed, or when the problem it became was resolved or closed; null while that problem is open. */
  settledAt: string | null;
}

/**
 * Whether a pattern that matches its rule now is proposed, and as which round (the unique key is pattern + round, so
 * instances racing to propose the same round write it once). A pattern is proposed once while its proposal is open or
 * its problem is being worked on. After a dismissal, or once the accepted problem is resolved or closed, it is
 * proposed again only when a fault case of the pattern was logged after that moment: the cases that were judged are
 * not brought up again on their own, a new fault is.
 */
export function nextProposalRound(latest: LatestProposal | undefined, latestCaseLoggedAt: string): number | null {
  if (!latest) return 1;
  if (latest.status === 'open' || latest.settledAt === null) return null;
  return latestCaseLoggedAt > latest.settledAt ? latest.round + 1 : null;
}
