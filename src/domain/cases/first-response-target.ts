import { addWorkingMs, workingMsBetween, type BusinessCalendar } from '../calendar/business-calendar.js';
import { ESCALATION_POSITIONS, type EscalationPosition } from '../escalation/positions.js';
import type { CaseLevel } from './levels.js';

const MS_PER_MINUTE = 60_000;

/** The part of an escalation policy the first-response target reads. */
export interface FirstResponsePolicy {
  firstResponseMinutes: Record<CaseLevel, number>;
  calendar: BusinessCalendar;
}

/** When the first response is due: the level's target in working minutes of the policy's calendar, counted from `fromMs`. */
export function firstResponseDueAt(policy: FirstResponsePolicy, level: CaseLevel, fromMs: number): number {
  return addWorkingMs(policy.calendar, fromMs, policy.firstResponseMinutes[level] * MS_PER_MINUTE);
}

/**
 * The instant the first-response target of a case counts from: received-at, or the later moment its clock started
 * (a yearly check opened ahead of its day counts from the day). Before the first response the clock has as a rule
 * never been paused (staff answering the customer come first), so a clock with nothing counted yet still
 * runs from its start; a clock paused or counted before (a customer set it waiting) falls back to received-at.
 */
export function firstResponseCountsFrom(receivedAtMs: number, clock: { countedMs: number; runningSince: number | null }): number {
  return clock.countedMs === 0 && clock.runningSince !== null ? Math.max(receivedAtMs, clock.runningSince) : receivedAtMs;
}

/**
 * The due time after a level change. Rule: while nobody has responded, the new level's target counts from the same
 * start as the old one (received-at), not from the moment of the change: the customer has been waiting since then,
 * and a case raised to level 1 an hour after it came in has already missed level 1's promise, so it shows as breached
 * at once (and its manager is told) instead of getting a fresh 15 minutes. Lowering the level gives the later due
 * time of the new level. Once answered the outcome is settled and a level change leaves it alone (null: no change).
 */
export function dueAfterLevelChange(
  policy: FirstResponsePolicy,
  input: { level: CaseLevel; countsFromMs: number; respondedAtMs: number | null },
): number | null {
  if (input.respondedAtMs !== null) return null;
  return firstResponseDueAt(policy, input.level, input.countsFromMs);
}

export type FirstResponseOutcome =
  | { state: 'met'; dueAt: string; respondedAt: string }
  | { state: 'breached'; dueAt: string; breachedAt: string; respondedAt: string | null }
  | { state: 'pending'; dueAt: string; minutesLeft: number }
  /** No target (a case the policy gave none) or resolved without a response. */
  | { state: 'none' };

/**
 * Whether a case met its first-response target, at `nowMs`. It is breached at the due instant itself: the target is
 * a promise to respond within the minutes, so a response at the due instant is still in time.
 */
export function firstResponseOutcome(
  row: { dueAt: string | null; respondedAt: string | null; resolvedAt: string | null },
  nowMs: number,
): FirstResponseOutcome {
  const { dueAt, respondedAt } = row;
  if (dueAt === null) return { state: 'none' };
  const dueMs = Date.parse(dueAt);
  if (respondedAt !== null) {
    return Date.parse(respondedAt) <= dueMs
      ? { state: 'met', dueAt, respondedAt }
      : { state: 'breached', dueAt, breachedAt: dueAt, respondedAt };
  }
  if (nowMs > dueMs) return { state: 'breached', dueAt, breachedAt: dueAt, respondedAt: null };
  if (row.resolvedAt !== null) return { state: 'none' };
  return { state: 'pending', dueAt, minutesLeft: Math.ceil((dueMs - nowMs) / MS_PER_MINUTE) };
}

/** Working time from received-at to resolution on the policy's calendar (time outside business hours does not count). */
export function resolutionWorkingMs(calendar: BusinessCalendar, receivedAtMs: number, resolvedAtMs: number): number {
  return workingMsBetween(calendar, receivedAtMs, resolvedAtMs);
}

/**
 * Working time from received-at to the first response on the policy's calendar, counted as resolution time is: a case
 * received on Friday half an hour before closing and answered a quarter of an hour after Monday's opening took 45
 * minutes; one answered at once, or answered before the office opened, none.
 */
export function firstResponseWorkingMs(calendar: BusinessCalendar, receivedAtMs: number, respondedAtMs: number): number {
  return workingMsBetween(calendar, receivedAtMs, respondedAtMs);
}

export function workingMinutes(workingMs: number): number {
  return Math.floor(workingMs / MS_PER_MINUTE);
}

/** The highest of the escalation positions a case's reports reached (the ladder's order), or null when none fired. */
export function highestPosition(fired: readonly EscalationPosition[]): EscalationPosition | null {
  let highest: EscalationPosition | null = null;
  for (const position of fired)
    if (highest === null || ESCALATION_POSITIONS.indexOf(position) > ESCALATION_POSITIONS.indexOf(highest)) highest = position;
  return highest;
}
