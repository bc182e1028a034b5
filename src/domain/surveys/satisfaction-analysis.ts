import { CORE_QUESTIONS, SURVEY_QUESTIONS, type SurveyQuestion, type SurveyScores } from './survey-questions.js';

/** Survey results analysed per person, department, customer and period (SPEC §5). Pure: rows in, figures out. */
export const SATISFACTION_GROUPINGS = ['person', 'department', 'customer', 'period'] as const;
export type SatisfactionGrouping = (typeof SATISFACTION_GROUPINGS)[number];
export const PERIOD_UNITS = ['month', 'quarter', 'year'] as const;
export type PeriodUnit = (typeof PERIOD_UNITS)[number];

export interface SurveyResultRow {
  createdAt: string;
  answered: boolean;
  /** Everyone credited with the service; per person, the survey counts for each of them. */
  people: { id: string; name: string | null }[];
  departmentId: string | null;
  departmentName: string | null;
  organizationId: string;
  organizationName: string;
  scores: SurveyScores;
}

export interface TrendPoint {
  period: string;
  responses: number;
  overall: number | null;
}

export interface SatisfactionFigures {
  surveys: number;
  responses: number;
  /** responses ÷ surveys, 0–1; null when no survey was sent. */
  responseRate: number | null;
  averages: Record<SurveyQuestion, number | null>;
  /** Mean over the responses of each response's mean core score (personnel, organisation, system). */
  overall: number | null;
  /** Overall per period inside this group, oldest first. */
  trend: TrendPoint[];
  /** Last period's overall minus the one before; null with fewer than two periods that have responses. */
  change: number | null;
}

export interface SatisfactionGroup extends SatisfactionFigures {
  key: string | null;
  name: string | null;
}

export function periodOf(instant: string, unit: PeriodUnit): string {
  const year = instant.slice(0, 4);
  const month = Number(instant.slice(5, 7));
  if (unit === 'year') return year;
  if (unit === 'quarter') return `${year}-Q${Math.ceil(month / 3)}`;
  return instant.slice(0, 7);
}

const round = (value: number) => Math.round(value * 100) / 100;

function mean(values: number[]): number | null {
  return values.length === 0 ? null : round(values.reduce((sum, value) => sum + value, 0) / values.length);
}

function responseOverall(scores: SurveyScores): number | null {
  const core = CORE_QUESTIONS.map((question) => scores[question]).filter((value): value is number => value !== undefined);
  return core.length === 0 ? null : core.reduce((sum, value) => sum + value, 0) / core.length;
}

export function figuresOf(rows: SurveyResultRow[], unit: PeriodUnit): SatisfactionFigures {
  const answered = rows.filter((row) => row.answered);
  const averages = Object.fromEntries(
    SURVEY_QUESTIONS.map((question) => [
      question,
      mean(answered.map((row) => row.scores[question]).filter((value): value is number => value !== undefined)),
    ]),
  ) as Record<SurveyQuestion, number | null>;
  const overalls = answered.map((row) => responseOverall(row.scores)).filter((value): value is number => value !== null);
  const byPeriod = new Map<string, number[]>();
  for (const row of answered) {
    const period = periodOf(row.createdAt, unit);
    const value = responseOverall(row.scores);
    const list = byPeriod.get(period) ?? [];
    if (value !== null) list.push(value);
    byPeriod.set(period, list);
  }
  const trend = [...byPeriod.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([period, values]) => ({ period, responses: values.length, overall: mean(values) }));
  const scored = trend.filter((point) => point.overall !== null);
  const last = scored.at(-1)?.overall;
  const before = scored.at(-2)?.overall;
  return {
    surveys: rows.length,
    responses: answered.length,
    responseRate: rows.length === 0 ? null : Math.round((answered.length / rows.length) * 1000) / 1000,
    averages,
    overall: mean(overalls),
    trend,
    change: last != null && before != null ? round(last - before) : null,
  };
}

/** The groups one survey belongs to: one, except per person, where it belongs to everyone who did the service. */
function keysOf(row: SurveyResultRow, grouping: SatisfactionGrouping, unit: PeriodUnit): { key: string | null; name: string | null }[] {
  switch (grouping) {
    case 'person':
      return row.people.length === 0 ? [{ key: null, name: null }] : row.people.map((person) => ({ key: person.id, name: person.name }));
    case 'department':
      return [{ key: row.departmentId, name: row.departmentName }];
    case 'customer':
      return [{ key: row.organizationId, name: row.organizationName }];
    case 'period': {
      const period = periodOf(row.createdAt, unit);
      return [{ key: period, name: period }];
    }
  }
}

/**
 * Groups the surveys and computes each group's figures; the total counts each survey once. Period groups come oldest first, each with its change from
 * the previous period; other groups come by name.
 */
export function analyseSatisfaction(
  rows: SurveyResultRow[],
  grouping: SatisfactionGrouping,
  unit: PeriodUnit = 'month',
): { total: SatisfactionFigures; groups: SatisfactionGroup[] } {
  const groups = new Map<string, { key: string | null; name: string | null; rows: SurveyResultRow[] }>();
  for (const row of rows) {
    for (const { key, name } of keysOf(row, grouping, unit)) {
      const mapKey = key ?? '';
      const group = groups.get(mapKey) ?? { key, name, rows: [] };
      group.rows.push(row);
      groups.set(mapKey, group);
    }
  }
  const list: SatisfactionGroup[] = [...groups.values()].map((group) => ({
    key: group.key,
    name: group.name,
    ...figuresOf(group.rows, unit),
  }));
  if (grouping === 'period') {
    list.sort((a, b) => (a.key ?? '').localeCompare(b.key ?? ''));
    list.forEach((group, index) => {
      const previous = list
        .slice(0, index)
        .reverse()
        .find((candidate) => candidate.overall !== null);
      group.change = group.overall !== null && previous?.overall != null ? round(group.overall - previous.overall) : null;
    });
  } else {
    list.sort((a, b) => (a.name ?? '\uffff').localeCompare(b.name ?? '\uffff') || (a.key ?? '').localeCompare(b.key ?? ''));
  }
  return { total: figuresOf(rows, unit), groups: list };
}
