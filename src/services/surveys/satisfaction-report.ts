import type { Actor } from '../../domain/access/permissions.js';
import {
  analyseSatisfaction,
  type PeriodUnit,
  type SatisfactionGrouping,
  type SurveyResultRow,
} from '../../domain/surveys/satisfaction-analysis.js';
import { surveyCreditsForAnalysis, surveysForAnalysis } from '../../storage/repositories/surveys.js';
import type { ServiceContext } from '../context.js';
import { forbidden, invalid } from '../errors.js';
import { scoresOf } from './record-answers.js';
import { mayReadSatisfactionReport } from '../../domain/access/policies/surveys.js';

export interface SatisfactionQuery {
  groupBy: SatisfactionGrouping;
  period: PeriodUnit;
  /** Surveys created on or after this instant. */
  from: string;
  /** Surveys created before this instant. */
  to: string;
  organizationId?: string | undefined;
  departmentId?: string | undefined;
  personId?: string | undefined;
}

const MAX_RANGE_DAYS = 3 * 366;

/** Satisfaction by person, department, customer or period: averages per question, response rate and trend. */
export async function satisfactionReport(context: ServiceContext, actor: Actor, query: SatisfactionQuery) {
  if (!mayReadSatisfactionReport(actor)) throw forbidden();
  const from = Date.parse(query.from);
  const to = Date.parse(query.to);
  if (to <= from) throw invalid('errors.endBeforeStart', 'to');
  if (to - from > MAX_RANGE_DAYS * 86_400_000) throw invalid('serviceLoop.errors.rangeTooLong', 'from', { days: MAX_RANGE_DAYS });
  const filter = {
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    organizationId: query.organizationId,
    departmentId: query.departmentId,
    personUserId: query.personId,
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
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    ...analyseSatisfaction(results, query.groupBy, query.period),
  };
}
