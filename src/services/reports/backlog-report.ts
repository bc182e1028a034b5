import { DateTime } from 'luxon';
import type { Language } from '../../domain/access/roles.js';
import type { Actor } from '../../domain/access/permissions.js';
import { CASE_LEVELS } from '../../domain/cases/levels.js';
import { AGE_BANDS, type AgeBand, type ReportFilter } from '../../domain/reports/report-filter.js';
import { backlogCounts } from '../../storage/repositories/operations-reports.js';
import type { ServiceContext } from '../context.js';
import { csvOf, csvTexts, periodOf, scopeReport } from './support/report-scope.js';

export interface BacklogReport {
  from: string;
  to: string;
  timeZone: string;
  /** The instant the backlog is counted at: the end of the period, or now if earlier. */
  asOf: string;
  /** Open cases per level and age band; every level and band, zeros included. */
  open: { level: number; band: AgeBand; cases: number }[];
  totalOpen: number;
  /** Every day of the period: cases received and cases resolved that day (company time). */
  days: { day: string; opened: number; resolved: number }[];
}

const DAY_MS = 86_400_000;

/** Open cases by level and age band at the end of the period, and cases opened and resolved per day. */
export async function backlogReport(context: ServiceContext, actor: Actor, query: ReportFilter): Promise<BacklogReport> {
  const scoped = await scopeReport(context, actor, 'backlog', query);
  const asOf = Date.parse(scoped.asOf);
  const before = (days: number) => new Date(asOf - days * DAY_MS).toISOString();
  const counts = await backlogCounts(context.storage.db, scoped.filter, scoped.asOf, {
    oneDay: before(1),
    threeDays: before(3),
    sevenDays: before(7),
  });
  const open = CASE_LEVELS.flatMap((level) =>
    AGE_BANDS.map(({ key }) => ({
      level,
      band: key,
      cases: counts.bands.find((row) => row.level === level && row.band === key)?.cases ?? 0,
    })),
  );
  const opened = new Map(counts.opened.map((row) => [row.day, row.cases]));
  const resolved = new Map(counts.resolved.map((row) => [row.day, row.cases]));
  const days: BacklogReport['days'] = [];
  const last = DateTime.fromISO(scoped.to, { zone: 'UTC' });
  for (let day = DateTime.fromISO(scoped.from, { zone: 'UTC' }); day <= last; day = day.plus({ days: 1 })) {
    const key = day.toISODate()!;
    days.push({ day: key, opened: opened.get(key) ?? 0, resolved: resolved.get(key) ?? 0 });
  }
  return {
    ...periodOf(scoped),
    asOf: scoped.asOf,
    open,
    totalOpen: open.reduce((sum, row) => sum + row.cases, 0),
    days,
  };
}

/** The report as CSV: the open cases per level and band, then one row per day. */
export function backlogCsv(report: BacklogReport, language: Language): { fileName: string; csv: string } {
  const t = csvTexts(language);
  const header = ['kind', 'level', 'ageBand', 'day', 'openCases', 'opened', 'resolved'].map(t);
  const rows = [
    ...report.open.map((row) => [t('openCasesRow'), row.level, t(`band.${row.band}`), null, row.cases, null, null]),
    ...report.days.map((row) => [t('dayRow'), null, null, row.day, null, row.opened, row.resolved]),
  ];
  return { fileName: `casedesk-backlog-${report.from}-${report.to}.csv`, csv: csvOf(header, rows) };
}
