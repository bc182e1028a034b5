import type { Language } from '../../domain/access/roles.js';
import type { Actor } from '../../domain/access/permissions.js';
import { CASE_LEVELS, type CaseLevel } from '../../domain/cases/levels.js';
import { ladderFor } from '../../domain/escalation/escalation-ladder.js';
import { DEFAULT_POLICY, type EscalationPolicy } from '../../domain/escalation/seed-matrix.js';
import { hoursOf, percentOf, type ReportFilter } from '../../domain/reports/report-filter.js';
import { translate } from '../../i18n/translate.js';
import { findDefaultPolicyVersion } from '../../storage/repositories/escalations.js';
import { resolutionGroups } from '../../storage/repositories/operations-reports.js';
import type { Executor } from '../../storage/dialect.js';
import type { ServiceContext } from '../context.js';
import { loadPolicyVersion } from '../escalations/escalation-policies.js';
import { csvOf, scopeReport } from './support/report-scope.js';

export interface ResolutionRow {
  level: CaseLevel;
  /** Cases resolved in the period at this level. */
  resolved: number;
  /** Business hours from received-at to resolution (the policy's calendar): nearest-rank median, 90th percentile, mean. */
  medianHours: number | null;
  p90Hours: number | null;
  meanHours: number | null;
  /** The hours of the level's first upgrading report in the default escalation policy; null for a level without one. */
  firstStepHours: number | null;
  /** Resolved within those hours, and their share of the resolved cases with a measured time. */
  withinFirstStep: number;
  percentWithinFirstStep: number | null;
}

export interface ResolutionReport {
  from: string;
  to: string;
  timeZone: string;
  /** Every level, zeros included. */
  levels: ResolutionRow[];
}

const HOUR_MS = 3_600_000;

/** The default policy's current version: the matrix the resolution times are held against. */
async function defaultPolicy(executor: Executor): Promise<EscalationPolicy> {
  const current = await findDefaultPolicyVersion(executor);
  return current ? loadPolicyVersion(executor, current.id) : DEFAULT_POLICY;
}

/** Cases resolved in the period per level: business hours to resolve, against the level's first escalation step. */
export async function resolutionReport(context: ServiceContext, actor: Actor, query: ReportFilter): Promise<ResolutionReport> {
  const scoped = await scopeReport(context, actor, query);
  const db = context.storage.db;
  const policy = await defaultPolicy(db);
  const firstStepHours = new Map(CASE_LEVELS.map((level) => [level, ladderFor(policy, level)[0]?.afterHours ?? null]));
  const withinMs: Partial<Record<CaseLevel, number>> = {};
  for (const [level, hours] of firstStepHours) if (hours !== null) withinMs[level] = hours * HOUR_MS;
  const groups = await resolutionGroups(db, scoped.filter, withinMs);
  const levels = CASE_LEVELS.map((level): ResolutionRow => {
    const group = groups.find((row) => row.level === level);
    const measured = group?.measured ?? 0;
    const within = group?.within ?? 0;
    return {
      level,
      resolved: group?.total ?? 0,
      medianHours: hoursOf(group?.median_ms ?? null),
      p90Hours: hoursOf(group?.p90_ms ?? null),
      meanHours: measured === 0 ? null : hoursOf((group?.ms_sum ?? 0) / measured),
      firstStepHours: firstStepHours.get(level) ?? null,
      withinFirstStep: within,
      percentWithinFirstStep: percentOf(within, measured),
    };
  });
  return { from: scoped.from, to: scoped.to, timeZone: scoped.timeZone, levels };
}

export function resolutionCsv(report: ResolutionReport, language: Language): { fileName: string; csv: string } {
  const t = (key: string) => translate(language, `reports.csv.${key}`);
  const header = [
    'level',
    'resolved',
    'medianHoursToResolve',
    'p90HoursToResolve',
    'meanHoursToResolve',
    'firstStepHours',
    'withinFirstStep',
    'percentWithinFirstStep',
  ].map(t);
  const rows = report.levels.map((row) => [
    row.level,
    row.resolved,
    row.medianHours,
    row.p90Hours,
    row.meanHours,
    row.firstStepHours,
    row.withinFirstStep,
    row.percentWithinFirstStep,
  ]);
  return { fileName: `casedesk-resolution-${report.from}-${report.to}.csv`, csv: csvOf(header, rows) };
}
