import { DateTime } from 'luxon';
import type { IsoWeekday } from '../calendar/business-calendar.js';
import { CASE_LEVELS } from '../cases/levels.js';
import type { CalendarDate } from './repeat-faults.js';

/**
 * The weekly summary report (issue #17): once a week, at the admin's day and hour in the company's time zone, each
 * department manager gets their department's figures of the past week and the Operation Center GM and the President
 * the whole company's. Pure: when it is due, which week it covers, and the figures from the reports' answers.
 */
export interface WeeklySummarySchedule {
  enabled: boolean;
  /** ISO weekday: 1 Monday … 7 Sunday. */
  dayOfWeek: IsoWeekday;
  /** 0–23, company time. */
  hour: number;
}

export const DEFAULT_WEEKLY_SUMMARY_SCHEDULE: WeeklySummarySchedule = { enabled: false, dayOfWeek: 1, hour: 8 };

/** The latest scheduled moment at or before `now` (the day and hour in the company's zone), as an ISO instant. */
export function latestScheduledMoment(now: Date, schedule: Pick<WeeklySummarySchedule, 'dayOfWeek' | 'hour'>, timeZone: string): string {
  const local = DateTime.fromJSDate(now, { zone: timeZone });
  let moment = local.startOf('day').set({ weekday: schedule.dayOfWeek, hour: schedule.hour });
  if (moment > local) moment = moment.minus({ weeks: 1 });
  return moment.toUTC().toISO()!;
}

/** The week a summary sent at `moment` covers: the seven company days before the day it is sent. */
export interface SummaryWeek {
  from: CalendarDate;
  to: CalendarDate;
  /** The start of `from` and the start of the sending day, as instants (the latter is what "open at the end" means). */
  fromInstant: string;
  toInstant: string;
}

export function summaryWeekOf(moment: string, timeZone: string): SummaryWeek {
  const sendingDay = DateTime.fromISO(moment, { zone: timeZone }).startOf('day');
  const first = sendingDay.minus({ days: 7 });
  return {
    from: first.toISODate()!,
    to: sendingDay.minus({ days: 1 }).toISODate()!,
    fromInstant: first.toUTC().toISO()!,
    toInstant: sendingDay.toUTC().toISO()!,
  };
}

/** What the summary reads from the existing reports, in their own shapes (only the fields it needs). */
export interface WeeklySummarySources {
  backlog: { open: { level: number; cases: number }[]; days: { opened: number; resolved: number }[] };
  escalations: { steps: { fired: number }[] };
  firstResponse: { met: number; breached: number };
  satisfaction: { responses: number; overall: number | null };
}

export interface WeeklySummaryFigures {
  /** Null: the whole company. */
  department: { id: string; name: string } | null;
  from: CalendarDate;
  to: CalendarDate;
  timeZone: string;
  opened: number;
  resolved: number;
  /** Open at the end of the week per level, every level, zeros included. */
  openAtEnd: { level: number; cases: number }[];
  totalOpenAtEnd: number;
  firstResponseMet: number;
  firstResponseBreached: number;
  escalationsFired: number;
  /** Answered surveys of the week and the mean of their overall scores (1–5); null without an answer. */
  surveyResponses: number;
  satisfactionAverage: number | null;
}

export function weeklySummaryFigures(
  scope: { department: WeeklySummaryFigures['department']; week: SummaryWeek; timeZone: string },
  sources: WeeklySummarySources,
): WeeklySummaryFigures {
  const openAtEnd = CASE_LEVELS.map((level) => ({
    level,
    cases: sources.backlog.open.filter((row) => row.level === level).reduce((sum, row) => sum + row.cases, 0),
  }));
  return {
    department: scope.department,
    from: scope.week.from,
    to: scope.week.to,
    timeZone: scope.timeZone,
    opened: sources.backlog.days.reduce((sum, day) => sum + day.opened, 0),
    resolved: sources.backlog.days.reduce((sum, day) => sum + day.resolved, 0),
    openAtEnd,
    totalOpenAtEnd: openAtEnd.reduce((sum, row) => sum + row.cases, 0),
    firstResponseMet: sources.firstResponse.met,
    firstResponseBreached: sources.firstResponse.breached,
    escalationsFired: sources.escalations.steps.reduce((sum, step) => sum + step.fired, 0),
    surveyResponses: sources.satisfaction.responses,
    satisfactionAverage: sources.satisfaction.overall,
  };
}
