import type { Language } from '../../domain/access/roles.js';
import type { Actor } from '../../domain/access/permissions.js';
import { CASE_LEVELS, type CaseLevel } from '../../domain/cases/levels.js';
import { ladderFor } from '../../domain/escalation/escalation-ladder.js';
import { DEFAULT_POLICY, type EscalationPolicy } from '../../domain/escalation/seed-matrix.js';
import { hoursOf, percentOf, type ReportFilter } from '../../domain/reports/report-filter.js';
import { findDefaultPolicyVersion, listPolicyVersionIds } from '../../storage/repositories/escalations.js';
import { resolutionGroups, type FirstStepOfVersions } from '../../storage/repositories/operations-reports.js';
import type { Executor } from '../../storage/dialect.js';
import type { ServiceContext } from '../context.js';
import { loadPolicyVersion } from '../escalations/escalation-policies.js';
import { csvOf, csvTexts, periodOf, scopeReport } from './support/report-scope.js';

export interface ResolutionRow {
  level: CaseLevel;
  /** Cases resolved in the period at this level. */
  resolved: number;
  /** Business hours from received-at to resolution (the policy's calendar): nearest-rank median, 90th percentile, mean. */
  medianHours: number | null;
  p90Hours: number | null;
  meanHours: number | null;
  /**
   * The hours after which the level's first upgrading report fires in the ladders the cases were held against (each
   * case its own policy's): the lowest, and in `firstStepHoursMax` the highest (equal when every case's policy agrees).
   * With no case resolved at the level, the default policy's. Null when no such ladder has a step at the level.
   */
  firstStepHours: number | null;
  firstStepHoursMax: number | null;
  /** Resolved within their own policy's first-step hours, and their share of the resolved cases with a measured time. */
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

/** The default policy's current version: the first steps shown for a level without a resolved case. */
async function defaultPolicy(executor: Executor): Promise<EscalationPolicy> {
  const current = await findDefaultPolicyVersion(executor);
  return current ? loadPolicyVersion(executor, current.id) : DEFAULT_POLICY;
}

/**
 * The first upgrading report of each level in every policy version, grouped by its time: each resolved case is held
 * against the ladder of its own policy version (a case moved onto another policy carries that policy's version).
 */
async function firstStepsOfAllVersions(executor: Executor): Promise<FirstStepOfVersions[]> {
  const steps = new Map<string, { level: CaseLevel; ms: number; versionIds: string[] }>();
  for (const versionId of await listPolicyVersionIds(executor)) {
    const policy = await loadPolicyVersion(executor, versionId);
    for (const level of CASE_LEVELS) {
      const hours = ladderFor(policy, level)[0]?.afterHours;
      if (hours === undefined) continue;
      const key = `${level}:${hours}`;
      const entry = steps.get(key) ?? { level, ms: hours * HOUR_MS, versionIds: [] };
      entry.versionIds.push(versionId);
      steps.set(key, entry);
    }
  }
  return [...steps.values()];
}

/** Cases resolved in the period per level: business hours to resolve, against the first escalation step of each case's policy. */
export async function resolutionReport(context: ServiceContext, actor: Actor, query: ReportFilter): Promise<ResolutionReport> {
  const scoped = await scopeReport(context, actor, 'resolution', query);
  const db = context.storage.db;
  const [policy, steps] = await Promise.all([defaultPolicy(db), firstStepsOfAllVersions(db)]);
  const defaultHours = new Map(CASE_LEVELS.map((level) => [level, ladderFor(policy, level)[0]?.afterHours ?? null]));
  const groups = await resolutionGroups(db, scoped.filter, steps);
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
      firstStepHours: group ? hoursOf(group.min_step_ms) : (defaultHours.get(level) ?? null),
      firstStepHoursMax: group ? hoursOf(group.max_step_ms) : (defaultHours.get(level) ?? null),
      withinFirstStep: within,
      percentWithinFirstStep: percentOf(within, measured),
    };
  });
  return { ...periodOf(scoped), levels };
}

/** The first-step hours as one figure, or as the range `1–4` when the cases' policies differ. */
export function firstStepHoursText(row: Pick<ResolutionRow, 'firstStepHours' | 'firstStepHoursMax'>): string | null {
  if (row.firstStepHours === null) return null;
  return row.firstStepHoursMax === null || row.firstStepHoursMax === row.firstStepHours
    ? String(row.firstStepHours)
    : `${row.firstStepHours}–${row.firstStepHoursMax}`;
}

export function resolutionCsv(report: ResolutionReport, language: Language): { fileName: string; csv: string } {
  const t = csvTexts(language);
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
    firstStepHoursText(row),
    row.withinFirstStep,
    row.percentWithinFirstStep,
  ]);
  return { fileName: `casedesk-resolution-${report.from}-${report.to}.csv`, csv: csvOf(header, rows) };
}
