/**
 * The life of a problem record (SPEC §6): it is opened, analysed until its root cause is known (a known error has a
 * workaround while the fix is pending), resolved when the fix is in, and closed once the preventive actions are done.
 */
export const PROBLEM_STATUSES = ['open', 'analysing', 'known_error', 'resolved', 'closed'] as const;
export type ProblemStatus = (typeof PROBLEM_STATUSES)[number];

const TRANSITIONS: Readonly<Record<ProblemStatus, readonly ProblemStatus[]>> = {
  open: ['analysing'],
  // A cause found and fixed at once skips the known-error stage.
  analysing: ['known_error', 'resolved'],
  // A workaround that turns out wrong sends the problem back to analysis.
  known_error: ['resolved', 'analysing'],
  // A fix that did not hold reopens the analysis.
  resolved: ['closed', 'analysing'],
  closed: [],
};

export function isProblemStatus(value: unknown): value is ProblemStatus {
  return (PROBLEM_STATUSES as readonly unknown[]).includes(value);
}

export function allowedProblemTransitions(from: ProblemStatus): ProblemStatus[] {
  return [...TRANSITIONS[from]];
}

export function checkProblemTransition(from: ProblemStatus, to: ProblemStatus): { ok: true } | { ok: false; allowed: ProblemStatus[] } {
  if (TRANSITIONS[from].includes(to)) return { ok: true };
  return { ok: false, allowed: allowedProblemTransitions(from) };
}

/** A preventive action is overdue on the first company day after its due date while it is not done. */
export function isActionOverdue(action: { dueOn: string; done: boolean }, today: string): boolean {
  return !action.done && action.dueOn < today;
}

/** A problem is closed only when its preventive actions are done: closing with actions open is refused. */
export function closingBlockedByActions(to: ProblemStatus, openActions: number): boolean {
  return to === 'closed' && openActions > 0;
}
