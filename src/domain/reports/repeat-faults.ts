import { DateTime, IANAZone } from 'luxon';

/** What the repeat-fault report groups fault cases by: one grouping per request (the page shows one tab at a time). */
export const REPEAT_FAULT_GROUPINGS = ['customer', 'model', 'vendor', 'site'] as const;
export type RepeatFaultGrouping = (typeof REPEAT_FAULT_GROUPINGS)[number];

/** The longest period one report covers: three years of fault cases is what a yearly review compares. */
export const MAX_REPORT_DAYS = 3 * 366;

/** A calendar day as `YYYY-MM-DD`. */
export type CalendarDate = string;

export interface ReportPeriod {
  /** First day counted (inclusive), in the company's time zone. */
  from: CalendarDate;
  /** Last day counted (inclusive). */
  to: CalendarDate;
  /** The instants the days span: cases received at or after `fromInstant` and before `toInstant`. */
  fromInstant: string;
  toInstant: string;
}

export type PeriodProblem = { field: 'from' | 'to'; problem: 'end-before-start' | 'too-long' };

/**
 * The days a report covers, as instants in the company's time zone. Without dates: the last twelve months up to and
 * including `today` (e.g. 2025-11-27 … 2026-11-26).
 */
export function reportPeriod(
  requested: { from?: CalendarDate | undefined; to?: CalendarDate | undefined },
  today: CalendarDate,
  timeZone: string,
): ReportPeriod | PeriodProblem {
  const zone = IANAZone.isValidZone(timeZone) ? timeZone : 'UTC';
  const day = (date: CalendarDate) => DateTime.fromISO(date, { zone });
  const to = day(requested.to ?? today);
  const from = requested.from ? day(requested.from) : to.minus({ years: 1 }).plus({ days: 1 });
  if (to < from) return { field: 'to', problem: 'end-before-start' };
  if (to.diff(from, 'days').days + 1 > MAX_REPORT_DAYS) return { field: 'from', problem: 'too-long' };
  return {
    from: from.toISODate()!,
    to: to.toISODate()!,
    fromInstant: from.toUTC().toISO()!,
    toInstant: to.plus({ days: 1 }).toUTC().toISO()!,
  };
}

/** What storage counts for one group. */
export interface RepeatFaultCounts {
  faultCases: number;
  repeats: number;
  /** Intervals between consecutive fault cases on one unit: how many, and their sum in milliseconds. */
  intervals: number;
  intervalMsSum: number;
}

export interface RepeatFaultFigures {
  faultCases: number;
  repeats: number;
  /** repeats / fault cases; null without fault cases. */
  recurrenceRate: number | null;
  /** Mean interval between consecutive fault cases on the same unit, in hours; null when no unit faulted twice. */
  meanHoursBetweenFaults: number | null;
}

export function repeatFaultFigures(counts: RepeatFaultCounts): RepeatFaultFigures {
  return {
    faultCases: counts.faultCases,
    repeats: counts.repeats,
    recurrenceRate: counts.faultCases === 0 ? null : counts.repeats / counts.faultCases,
    meanHoursBetweenFaults: counts.intervals === 0 ? null : counts.intervalMsSum / counts.intervals / 3_600_000,
  };
}
