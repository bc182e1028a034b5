import { IANAZone } from 'luxon';
import type { CaseLevel } from '../cases/levels.js';
import { reportPeriod, type CalendarDate, type PeriodProblem, type ReportPeriod } from './repeat-faults.js';

/**
 * What every operations report (escalations, backlog, workload, vendor cases) can be narrowed by. One shape for all
 * of them: the HTTP schema (`src/http/schemas/report-filter.ts`) parses a query string into it, the services hand it
 * to storage as a `ReportCaseFilter`. A new report takes this filter rather than inventing its own.
 */
export interface ReportFilter {
  /** First and last day counted (`YYYY-MM-DD`, both inclusive, company time zone); default the last twelve months. */
  from?: CalendarDate | undefined;
  to?: CalendarDate | undefined;
  departmentId?: string | undefined;
  /** The customer: forced to a customer's own organisation by the reports policy. */
  organizationId?: string | undefined;
  level?: CaseLevel | undefined;
  /** The case's assignee (per engineer in the workload report). */
  engineerId?: string | undefined;
}

/** The filter as storage reads it: the period as instants, the rest as given. */
export interface ReportCaseFilter {
  /** Counted from this instant (inclusive) … */
  fromInstant: string;
  /** … to this one (exclusive). */
  toInstant: string;
  /**
   * The company time zone's offset from UTC in minutes at the period's start: days, weeks and months are cut at the
   * company's midnight with it (a zone with summer time is off by its hour for events within an hour of midnight).
   */
  offsetMinutes: number;
  departmentId?: string | undefined;
  organizationId?: string | undefined;
  level?: CaseLevel | undefined;
  engineerId?: string | undefined;
}

/** The period of a report filter; the same rule as the repeat-fault report (three years at most). */
export function reportFilterPeriod(filter: ReportFilter, today: CalendarDate, timeZone: string): ReportPeriod | PeriodProblem {
  return reportPeriod(filter, today, timeZone);
}

/** How the escalation report buckets time. */
export const REPORT_BUCKETS = ['week', 'month'] as const;
export type ReportBucket = (typeof REPORT_BUCKETS)[number];

/** The backlog's age bands, in days since the case was received: [from, to) each. */
export const AGE_BANDS = [
  { key: 'under-1d', fromDays: 0, toDays: 1 },
  { key: '1-3d', fromDays: 1, toDays: 3 },
  { key: '3-7d', fromDays: 3, toDays: 7 },
  { key: 'over-7d', fromDays: 7, toDays: null },
] as const;
export type AgeBand = (typeof AGE_BANDS)[number]['key'];

/**
 * The nearest-rank percentile position: the p-th percentile of n sorted values is the value at this 1-based rank.
 * Storage computes it in SQL with integer arithmetic (`(n * percent + 99) / 100`), which this equals.
 */
export function nearestRank(count: number, percent: number): number {
  return Math.floor((count * percent + 99) / 100);
}

/** Milliseconds as minutes, rounded to one decimal; null stays null. */
export function minutesOf(milliseconds: number | null): number | null {
  return milliseconds === null ? null : Math.round((milliseconds / 60_000) * 10) / 10;
}

/** A share in percent, rounded to one decimal; null when there is nothing to share. */
export function percentOf(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part / whole) * 1000) / 10;
}

/** Milliseconds as hours, rounded to two decimals; null stays null. */
export function hoursOf(milliseconds: number | null): number | null {
  return milliseconds === null ? null : Math.round((milliseconds / 3_600_000) * 100) / 100;
}

/** The zone's offset from UTC in minutes at an instant (480 for Asia/Shanghai); UTC for an unknown zone. */
export function zoneOffsetMinutes(timeZone: string, instant: string): number {
  const zone = IANAZone.isValidZone(timeZone) ? IANAZone.create(timeZone) : null;
  return zone ? zone.offset(Date.parse(instant)) : 0;
}
