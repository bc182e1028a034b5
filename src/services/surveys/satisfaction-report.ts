import type { Actor } from '../../domain/access/permissions.js';
import { satisfactionReportScope } from '../../domain/access/policies/reports.js';
import type { Language } from '../../domain/access/roles.js';
import type { ReportFilter } from '../../domain/reports/report-filter.js';
import {
  analyseSatisfaction,
  type PeriodUnit,
  type SatisfactionFigures,
  type SatisfactionGroup,
  type SatisfactionGrouping,
  type SurveyResultRow,
} from '../../domain/surveys/satisfaction-analysis.js';
import { SURVEY_QUESTIONS } from '../../domain/surveys/survey-questions.js';
import { translate } from '../../i18n/translate.js';
import { surveyCreditsForAnalysis, surveysForAnalysis } from '../../storage/repositories/surveys.js';
import type { ServiceContext } from '../context.js';
import { forbidden, invalid } from '../errors.js';
import { csvOf, csvTexts, scopeReport } from '../reports/support/report-scope.js';
import { scoresOf } from './record-answers.js';

/**
 * The satisfaction analysis takes the filter of every report (period as days in the company's time zone, department,
 * customer, level of the surveyed case, engineer: a person credited with the service), with its grouping and the
 * unit of its trend.
 */
export interface SatisfactionQuery extends ReportFilter {
  groupBy: SatisfactionGrouping;
  period: PeriodUnit;
}

/**
 * Before the analysis joined the reports' filter it took instants (surveys created in [from, to)) and `personId`;
 * a caller still asking that way gets the same answer as before.
 */
export interface LegacyInstants {
  from: string;
  to: string;
}

export interface SatisfactionReport {
  groupBy: SatisfactionGrouping;
  period: PeriodUnit;
  /** The days asked for (`YYYY-MM-DD`, both counted), or the instants when asked in instants. */
  from: string;
  to: string;
  /** The company time zone the days are cut in; null when asked in instants. */
  timeZone: string | null;
  total: SatisfactionFigures;
  groups: SatisfactionGroup[];
}

const MAX_RANGE_DAYS = 3 * 366;

async function legacyPeriod(actor: Actor, query: SatisfactionQuery, instants: LegacyInstants) {
  const scope = satisfactionReportScope(actor, query.organizationId);
  if (scope === null) throw forbidden();
  const from = Date.parse(instants.from);
  const to = Date.parse(instants.to);
  if (to <= from) throw invalid('errors.endBeforeStart', 'to');
  if (to - from > MAX_RANGE_DAYS * 86_400_000) throw invalid('serviceLoop.errors.rangeTooLong', 'from', { days: MAX_RANGE_DAYS });
  const fromInstant = new Date(from).toISOString();
  const toInstant = new Date(to).toISOString();
  return { from: fromInstant, to: toInstant, timeZone: null, fromInstant, toInstant, organizationId: scope.organizationId };
}

/** Satisfaction by person, department, customer or period: averages per question, response rate and trend. */
export async function satisfactionReport(
  context: ServiceContext,
  actor: Actor,
  query: SatisfactionQuery,
  instants?: LegacyInstants,
): Promise<SatisfactionReport> {
  const period = instants
    ? await legacyPeriod(actor, query, instants)
    : await scopeReport(context, actor, 'satisfaction', query).then((scoped) => ({
        from: scoped.from,
        to: scoped.to,
        timeZone: scoped.timeZone as string | null,
        fromInstant: scoped.filter.fromInstant,
        toInstant: scoped.filter.toInstant,
        organizationId: scoped.filter.organizationId,
      }));
  const filter = {
    from: period.fromInstant,
    to: period.toInstant,
    organizationId: period.organizationId,
    departmentId: query.departmentId,
    level: query.level,
    personUserId: query.engineerId,
  };
  const [rows, credits] = await Promise.all([
    surveysForAnalysis(context.storage.db, filter),
    surveyCreditsForAnalysis(context.storage.db, filter),
  ]);
  const people = new Map<string, { id: string; name: string | null }[]>();
  for (const credit of credits) {
    const list = people.get(credit.survey_id) ?? [];
    list.push({ id: credit.user_id, name: credit.user_name });
    people.set(credit.survey_id, list);
  }
  const results: SurveyResultRow[] = rows.map((row) => ({
    createdAt: row.created_at,
    answered: row.answered_at !== null,
    people: people.get(row.id) ?? [],
    departmentId: row.department_id,
    departmentName: row.department_name,
    organizationId: row.organization_id,
    organizationName: row.organization_name,
    scores: scoresOf(row),
  }));
  return {
    groupBy: query.groupBy,
    period: query.period,
    from: period.from,
    to: period.to,
    timeZone: period.timeZone,
    ...analyseSatisfaction(results, query.groupBy, query.period),
  };
}

/** One row per group (the table of the page), headed in the reader's language; rates in percent. */
export function satisfactionCsv(report: SatisfactionReport, language: Language): { fileName: string; csv: string } {
  const t = csvTexts(language);
  const header = [
    t(`satisfactionGroup.${report.groupBy}`),
    t('surveysSent'),
    t('responses'),
    t('responseRate'),
    t('overall'),
    ...SURVEY_QUESTIONS.map((question) => translate(language, `serviceLoop.questions.${question}`)),
    t('change'),
  ];
  const percent = (rate: number | null) => (rate === null ? null : Math.round(rate * 1000) / 10);
  const rows = report.groups.map((group) => [
    group.name ?? group.key ?? t('unknownGroup'),
    group.surveys,
    group.responses,
    percent(group.responseRate),
    group.overall,
    ...SURVEY_QUESTIONS.map((question) => group.averages[question]),
    group.change,
  ]);
  const day = (value: string) => value.slice(0, 10);
  return { fileName: `casedesk-satisfaction-${report.groupBy}-${day(report.from)}-${day(report.to)}.csv`, csv: csvOf(header, rows) };
}
