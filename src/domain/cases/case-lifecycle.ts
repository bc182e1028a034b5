export const CASE_STATUSES = [
  'new',
  'assigned',
  'diagnosing',
  'in_progress',
  'waiting_customer',
  'waiting_vendor',
  'resolved',
  'confirmed',
  'closed',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

const TRANSITIONS: Readonly<Record<CaseStatus, readonly CaseStatus[]>> = {
  // A hotline answer can settle a request on the first call, so every early status may resolve directly.
  new: ['assigned', 'diagnosing', 'in_progress', 'resolved'],
  assigned: ['diagnosing', 'in_progress', 'resolved'],
  diagnosing: ['in_progress', 'waiting_customer', 'waiting_vendor', 'resolved'],
  // A failed fix sends the expert back to diagnosis.
  in_progress: ['waiting_customer', 'waiting_vendor', 'resolved', 'diagnosing'],
  waiting_customer: ['in_progress', 'resolved', 'waiting_vendor'],
  waiting_vendor: ['in_progress', 'resolved', 'waiting_customer'],
  // Reopening always lands in in_progress: the case already has an owner and a diagnosis.
  resolved: ['confirmed', 'closed', 'in_progress'],
  confirmed: ['closed', 'in_progress'],
  closed: ['in_progress'],
};

/** Service restored: the escalation clock stops, a reopen leads back from here. */
export const RESOLVED_STATUSES = ['resolved', 'confirmed', 'closed'] as const satisfies readonly CaseStatus[];

const RESOLVED: ReadonlySet<CaseStatus> = new Set<CaseStatus>(RESOLVED_STATUSES);

export function isCaseStatus(value: unknown): value is CaseStatus {
  return (CASE_STATUSES as readonly unknown[]).includes(value);
}

export function allowedTransitions(from: CaseStatus): CaseStatus[] {
  return [...TRANSITIONS[from]];
}

export function checkTransition(from: CaseStatus, to: CaseStatus): { ok: true } | { ok: false; allowed: CaseStatus[] } {
  if (TRANSITIONS[from].includes(to)) return { ok: true };
  // The allowed list travels with the refusal so the 4xx error can tell the user what they may do instead.
  return { ok: false, allowed: allowedTransitions(from) };
}

// Resolved, confirmed and closed all mean service was restored: the escalation clock is stopped.
export function isResolvedStatus(status: CaseStatus): boolean {
  return RESOLVED.has(status);
}

export function isOpenStatus(status: CaseStatus): boolean {
  return !RESOLVED.has(status);
}

export function isReopen(from: CaseStatus, to: CaseStatus): boolean {
  return isResolvedStatus(from) && isOpenStatus(to) && checkTransition(from, to).ok;
}

/**
 * Whether a customer's public reply on a case in this status reopens it (to in progress), whichever way it came: a
 * mailed reply or a message in the portal. A closed case is not reopened: a mailed reply to it opens a new case.
 */
export function reopensOnCustomerReply(status: CaseStatus): boolean {
  return status === 'resolved' || status === 'confirmed';
}
