import { isCaseStatus, isResolvedStatus } from '../cases/case-lifecycle.js';

/**
 * Yearly follow-up checks (SPEC §4): every delivered project is checked once a year on the anniversary of its
 * delivery, in and after the guarantee period. A project delivered on 29 February is checked on 28 February in
 * years without one.
 */

export function addDays(date: string, days: number): string {
  const parsed = new Date(`${date}T00:00:00.000Z`);
  parsed.setUTCDate(parsed.getUTCDate() + days);
  return parsed.toISOString().slice(0, 10);
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** The `years`-th anniversary of a delivery date. */
export function anniversary(deliveredAt: string, years: number): string {
  const year = Number(deliveredAt.slice(0, 4)) + years;
  const monthDay = deliveredAt.slice(5);
  const day = monthDay === '02-29' && !isLeapYear(year) ? '02-28' : monthDay;
  return `${String(year).padStart(4, '0')}-${day}`;
}

/** How many years after delivery a check on `dueOn` is (1 for the first check). */
export function checkYear(deliveredAt: string, dueOn: string): number {
  return Number(dueOn.slice(0, 4)) - Number(deliveredAt.slice(0, 4));
}

/** The first check on or after `from` (never the delivery day itself: the first check is a year after). */
export function nextCheckOn(deliveredAt: string, from: string): string {
  let years = Math.max(1, Number(from.slice(0, 4)) - Number(deliveredAt.slice(0, 4)) - 1);
  while (anniversary(deliveredAt, years) < from) years += 1;
  return anniversary(deliveredAt, years);
}

/** The check after the one due on `dueOn`. */
export function checkAfter(deliveredAt: string, dueOn: string): string {
  return anniversary(deliveredAt, checkYear(deliveredAt, dueOn) + 1);
}

/**
 * The check's key: the same on every instance for the same project and day, so racing schedulers collide on it
 * in the database instead of opening the same maintenance case twice.
 */
export function yearlyCheckKey(projectId: string, dueOn: string): string {
  return `yearly-check:${projectId}:${dueOn}`;
}

/** The anniversary of a delivery that falls in a month (`YYYY-MM`), or null if none does (or delivery is later). */
export function checkInMonth(deliveredAt: string, month: string): string | null {
  const years = Number(month.slice(0, 4)) - Number(deliveredAt.slice(0, 4));
  if (years < 1) return null;
  const due = anniversary(deliveredAt, years);
  return due.slice(0, 7) === month ? due : null;
}

export type YearlyCheckProgress = 'due' | 'opened' | 'done';

/** Due until its maintenance case is opened, under way while that case is, done once it is resolved. */
export function yearlyCheckProgress(caseStatus: string | null): YearlyCheckProgress {
  if (caseStatus === null) return 'due';
  return isCaseStatus(caseStatus) && isResolvedStatus(caseStatus) ? 'done' : 'opened';
}
