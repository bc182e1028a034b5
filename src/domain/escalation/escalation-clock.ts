import { type BusinessCalendar, workingMsBetween } from '../calendar/business-calendar.js';
import { type CaseStatus, isResolvedStatus } from '../cases/case-lifecycle.js';
import type { EscalationPolicy } from './seed-matrix.js';

/**
 * Counted "unresolved" time of a case, stored on the case as plain data.
 * Only the counted total up to the last pause is kept, so a later calendar edit changes
 * the future of a running clock but never rewrites time already counted.
 */
export interface EscalationClock {
  countedMs: number;
  /** epoch ms from which time is being counted; null = paused */
  runningSince: number | null;
}

// Hours count from received-at, which may lie before the moment the case is logged.
export function startClock(receivedAtMs: number): EscalationClock {
  return { countedMs: 0, runningSince: receivedAtMs };
}

export function isClockRunning(clock: EscalationClock): boolean {
  return clock.runningSince !== null;
}

export function pauseClock(clock: EscalationClock, cal: BusinessCalendar, atMs: number): EscalationClock {
  if (clock.runningSince === null) return clock;
  return { countedMs: clock.countedMs + workingMsBetween(cal, clock.runningSince, atMs), runningSince: null };
}

export function resumeClock(clock: EscalationClock, atMs: number): EscalationClock {
  if (clock.runningSince !== null) return clock;
  return { countedMs: clock.countedMs, runningSince: atMs };
}

export function countedAt(clock: EscalationClock, cal: BusinessCalendar, atMs: number): number {
  if (clock.runningSince === null) return clock.countedMs;
  return clock.countedMs + workingMsBetween(cal, clock.runningSince, atMs);
}

export function shouldClockRun(status: CaseStatus, policy: EscalationPolicy): boolean {
  if (isResolvedStatus(status)) return false;
  return !(policy.pauseWhileWaitingOnCustomer && status === 'waiting_customer');
}

/**
 * The decision follows the clock's own state rather than the status being left, so a clock
 * that drifted from its status (e.g. the pause rule was edited mid-wait) is put right at the
 * next transition instead of being paused or resumed twice.
 */
export function clockAfterTransition(
  clock: EscalationClock,
  cal: BusinessCalendar,
  policy: EscalationPolicy,
  _fromStatus: CaseStatus,
  toStatus: CaseStatus,
  atMs: number,
): EscalationClock {
  const run = shouldClockRun(toStatus, policy);
  if (run && clock.runningSince === null) return resumeClock(clock, atMs);
  if (!run && clock.runningSince !== null) return pauseClock(clock, cal, atMs);
  return clock;
}
