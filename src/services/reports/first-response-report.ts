import type { Language } from '../../domain/access/roles.js';
import type { Actor } from '../../domain/access/permissions.js';
import { CASE_LEVELS, type CaseLevel } from '../../domain/cases/levels.js';
import { minutesOf, percentOf, type ReportFilter } from '../../domain/reports/report-filter.js';
import { firstResponseGroups } from '../../storage/repositories/operations-reports.js';
import type { ServiceContext } from '../context.js';
import { csvOf, csvTexts, periodOf, scopeReport } from './support/report-scope.js';

export interface FirstResponseRow {
  level: CaseLevel;
  /** Cases received in the period at this level. */
  cases: number;
  /** Answered by the due time; answered late or still unanswered past it; unanswered and not yet due. */
  met: number;
  breached: number;
  pending: number;
  /** Met of met and breached, in percent; null while neither. */
  percentMet: number | null;
  /**
   * Nearest-rank median and 90th percentile of the business minutes from received-at to the first response of those
   * answered, on the calendar of each case's escalation policy (stored with the response, as resolution time is).
   */
  medianMinutes: number | null;
  p90Minutes: number | null;
}

export interface FirstResponseReport {
  from: string;
  to: string;
  timeZone: string;
  /** When breached and pending were judged: now (a case of a past period may still be waiting for its first response). */
  judgedAt: string;
  /** Every level, zeros included. */
  levels: FirstResponseRow[];
}

/** Cases received in the period per level: first-response targets met, breached and pending, and how soon staff responded. */
export async function firstResponseReport(context: ServiceContext, actor: Actor, query: ReportFilter): Promise<FirstResponseReport> {
  const scoped = await scopeReport(context, actor, 'first-response', query);
  const judgedAt = context.clock.now().toISOString();
  const groups = await firstResponseGroups(context.storage.db, scoped.filter, judgedAt);
  const levels = CASE_LEVELS.map((level): FirstResponseRow => {
    const group = groups.find((row) => row.level === level);
    const met = group?.met ?? 0;
    const breached = group?.breached ?? 0;
    return {
      level,
      cases: group?.total ?? 0,
      met,
      breached,
      pending: group?.pending ?? 0,
      percentMet: percentOf(met, met + breached),
      medianMinutes: minutesOf(group?.median_ms ?? null),
      p90Minutes: minutesOf(group?.p90_ms ?? null),
    };
  });
  return { ...periodOf(scoped), judgedAt, levels };
}

export function firstResponseCsv(report: FirstResponseReport, language: Language): { fileName: string; csv: string } {
  const t = csvTexts(language);
  const header = [
    'level',
    'cases',
    'met',
    'breached',
    'pending',
    'percentMet',
    'medianFirstResponseMinutes',
    'p90FirstResponseMinutes',
  ].map(t);
  const rows = report.levels.map((row) => [
    row.level,
    row.cases,
    row.met,
    row.breached,
    row.pending,
    row.percentMet,
    row.medianMinutes,
    row.p90Minutes,
  ]);
  return { fileName: `casedesk-first-response-${report.from}-${report.to}.csv`, csv: csvOf(header, rows) };
}
