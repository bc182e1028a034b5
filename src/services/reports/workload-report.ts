import type { Language } from '../../domain/access/roles.js';
import type { Actor } from '../../domain/access/permissions.js';
import type { ReportFilter } from '../../domain/reports/report-filter.js';
import { userNames, workloadCounts, type WorkloadCountRow } from '../../storage/repositories/operations-reports.js';
import type { ServiceContext } from '../context.js';
import { csvOf, csvTexts, periodOf, scopeReport } from './support/report-scope.js';

export interface WorkloadRow {
  engineer: { id: string; name: string };
  /** Cases assigned to them received in the period, and resolved in it. */
  casesReceived: number;
  casesResolved: number;
  serviceActions: number;
  onSiteVisits: number;
  hoursOnSite: number;
  /** Answered surveys crediting them, and the mean of all their scores (1–5); null without one. */
  surveys: number;
  satisfaction: number | null;
}

export interface WorkloadReport {
  from: string;
  to: string;
  timeZone: string;
  engineers: WorkloadRow[];
}

/** Per engineer: cases handled, service actions, on-site visits and hours on site, satisfaction average. */
export async function workloadReport(context: ServiceContext, actor: Actor, query: ReportFilter): Promise<WorkloadReport> {
  const scoped = await scopeReport(context, actor, 'workload', query);
  const db = context.storage.db;
  const counts = await workloadCounts(db, scoped.filter);
  const byUser = (rows: WorkloadCountRow[]) => new Map(rows.map((row) => [row.user_id, row]));
  const received = byUser(counts.received);
  const resolved = byUser(counts.resolved);
  const actions = byUser(counts.actions);
  const visits = byUser(counts.visits);
  const surveys = byUser(counts.surveys);
  const ids = [...new Set([received, resolved, actions, visits, surveys].flatMap((rows) => [...rows.keys()]))];
  const names = await userNames(db, ids);
  const engineers = ids
    .map((id): WorkloadRow => {
      const survey = surveys.get(id);
      return {
        engineer: { id, name: names.get(id) ?? '' },
        casesReceived: received.get(id)?.count ?? 0,
        casesResolved: resolved.get(id)?.count ?? 0,
        serviceActions: actions.get(id)?.count ?? 0,
        onSiteVisits: visits.get(id)?.count ?? 0,
        hoursOnSite: Math.round(((visits.get(id)?.sum ?? 0) / 3_600_000) * 100) / 100,
        surveys: survey?.count ?? 0,
        satisfaction: survey && survey.scores > 0 ? Math.round((survey.sum / survey.scores) * 100) / 100 : null,
      };
    })
    .sort((a, b) => a.engineer.name.localeCompare(b.engineer.name) || a.engineer.id.localeCompare(b.engineer.id));
  return { ...periodOf(scoped), engineers };
}

export function workloadCsv(report: WorkloadReport, language: Language): { fileName: string; csv: string } {
  const t = csvTexts(language);
  const header = [
    'engineer',
    'casesReceived',
    'casesResolved',
    'serviceActions',
    'onSiteVisits',
    'hoursOnSite',
    'surveys',
    'satisfaction',
  ].map(t);
  const rows = report.engineers.map((row) => [
    row.engineer.name,
    row.casesReceived,
    row.casesResolved,
    row.serviceActions,
    row.onSiteVisits,
    row.hoursOnSite,
    row.surveys,
    row.satisfaction,
  ]);
  return { fileName: `casedesk-workload-${report.from}-${report.to}.csv`, csv: csvOf(header, rows) };
}
