import type { ExpressionBuilder, Insertable, Selectable, Updateable } from 'kysely';
import type { CaseLevel } from '../../domain/cases/levels.js';
import { locksRows, type Executor } from '../dialect.js';
import { changedOne } from '../changed-one.js';
import type { Database, FollowUpsTable, SurveysTable } from '../schema.js';
import { inIdOrder, whereGiven, type IdPage } from './pagination.js';

export type SurveyRow = Selectable<SurveysTable>;
export type SurveyListRow = SurveyRow & { organization_name: string; case_number: string | null; person_name: string | null };
export type FollowUpRow = Selectable<FollowUpsTable>;
export type FollowUpListRow = FollowUpRow & {
  organization_name: string;
  case_number: string | null;
  assignee_name: string | null;
  department_name: string | null;
};

/** Inserts once per subject key; returns false when that service already has its survey. */
export async function insertSurveyOnce(executor: Executor, row: Insertable<SurveysTable>): Promise<boolean> {
  const result = await executor
    .insertInto('surveys')
    .values(row)
    .onConflict((oc) => oc.column('subject_key').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

export async function findSurveyById(executor: Executor, id: string): Promise<SurveyRow | undefined> {
  return executor.selectFrom('surveys').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The survey, locked until the transaction ends on PostgreSQL (SQLite has a single writer): answers take turns. */
export async function findSurveyForUpdate(executor: Executor, id: string): Promise<SurveyRow | undefined> {
  const query = executor.selectFrom('surveys').selectAll().where('id', '=', id);
  return (locksRows(executor) ? query.forUpdate() : query).executeTakeFirst();
}

export async function updateSurvey(executor: Executor, id: string, changes: Updateable<SurveysTable>): Promise<void> {
  await executor.updateTable('surveys').set(changes).where('id', '=', id).execute();
}

/** Records answers only into an unanswered survey: of two racing answers exactly one lands. */
export async function answerSurveyOnce(executor: Executor, id: string, changes: Updateable<SurveysTable>): Promise<boolean> {
  return changedOne(executor.updateTable('surveys').set(changes).where('id', '=', id).where('answered_at', 'is', null));
}

function surveyListQuery(executor: Executor) {
  return executor
    .selectFrom('surveys')
    .innerJoin('organizations', 'organizations.id', 'surveys.organization_id')
    .leftJoin('cases', 'cases.id', 'surveys.case_id')
    .leftJoin('users as person', 'person.id', 'surveys.person_user_id')
    .selectAll('surveys')
    .select(['organizations.name as organization_name', 'cases.number as case_number', 'person.name as person_name']);
}

export async function findSurveyListRow(executor: Executor, id: string): Promise<SurveyListRow | undefined> {
  return surveyListQuery(executor).where('surveys.id', '=', id).executeTakeFirst();
}

export async function listSurveys(
  executor: Executor,
  filter: {
    organizationId?: string | undefined;
    caseId?: string | undefined;
    visitId?: string | undefined;
    trainingId?: string | undefined;
    status?: string | undefined;
  } & IdPage,
): Promise<SurveyListRow[]> {
  const query = whereGiven(surveyListQuery(executor), {
    'surveys.organization_id': filter.organizationId,
    'surveys.case_id': filter.caseId,
    'surveys.visit_id': filter.visitId,
    'surveys.training_id': filter.trainingId,
    'surveys.status': filter.status,
  });
  return inIdOrder(query, 'surveys.id', filter, 'newest first').execute();
}

/** Credits the survey's service to these users; ids that are not staff users are left out. */
export async function insertSurveyCredits(executor: Executor, surveyId: string, userIds: readonly string[]): Promise<void> {
  if (userIds.length === 0) return;
  const staff = await executor
    .selectFrom('users')
    .select('id')
    .where('id', 'in', [...userIds])
    .where('role', '!=', 'customer')
    .execute();
  const known = new Set(staff.map((user) => user.id));
  const rows = userIds.filter((id) => known.has(id)).map((user_id) => ({ survey_id: surveyId, user_id }));
  if (rows.length > 0) await executor.insertInto('survey_credits').values(rows).execute();
}

/** The service actions of a case with whether their visit was called off: what a case survey credits. */
export async function serviceActionsForCredit(executor: Executor, caseId: string) {
  return executor
    .selectFrom('case_actions')
    .leftJoin('visits', 'visits.action_id', 'case_actions.id')
    .select(['case_actions.type', 'case_actions.performed_by', 'case_actions.engineer_user_id', 'visits.status as visit_status'])
    .where('case_actions.case_id', '=', caseId)
    .orderBy('case_actions.created_at')
    .orderBy('case_actions.id')
    .execute();
}

interface AnalysisFilter {
  from: string;
  to: string;
  organizationId?: string | undefined;
  departmentId?: string | undefined;
  /** The level of the surveyed case now (a survey of a training has no case, so it drops out). */
  level?: CaseLevel | undefined;
  personUserId?: string | undefined;
}

/** The surveys the analysis reads: created in [from, to), of the customer, department and case level asked for. */
function analysed(filter: AnalysisFilter) {
  return (eb: ExpressionBuilder<Database, 'surveys'>) => {
    const conditions = [eb('surveys.created_at', '>=', filter.from), eb('surveys.created_at', '<', filter.to)];
    if (filter.organizationId) conditions.push(eb('surveys.organization_id', '=', filter.organizationId));
    if (filter.departmentId) conditions.push(eb('surveys.department_id', '=', filter.departmentId));
    const level = filter.level;
    if (level !== undefined)
      conditions.push(
        eb.exists(eb.selectFrom('cases').select('cases.id').whereRef('cases.id', '=', 'surveys.case_id').where('cases.level', '=', level)),
      );
    return eb.and(conditions);
  };
}

/** Every survey created in [from, to), with the names the analysis groups by. */
export async function surveysForAnalysis(executor: Executor, filter: AnalysisFilter) {
  let query = executor
    .selectFrom('surveys')
    .innerJoin('organizations', 'organizations.id', 'surveys.organization_id')
    .leftJoin('departments', 'departments.id', 'surveys.department_id')
    .leftJoin('users as person', 'person.id', 'surveys.person_user_id')
    .selectAll('surveys')
    .select(['organizations.name as organization_name', 'departments.name as department_name', 'person.name as person_name'])
    .where(analysed(filter));
  const person = filter.personUserId;
  if (person)
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('survey_credits')
          .select('survey_credits.user_id')
          .whereRef('survey_credits.survey_id', '=', 'surveys.id')
          .where('survey_credits.user_id', '=', person),
      ),
    );
  return query.orderBy('surveys.created_at').execute();
}

/** Who is credited with each survey that `surveysForAnalysis` answers for the same filter, with their names. */
export async function surveyCreditsForAnalysis(executor: Executor, filter: AnalysisFilter) {
  return executor
    .selectFrom('survey_credits')
    .innerJoin('surveys', 'surveys.id', 'survey_credits.survey_id')
    .innerJoin('users', 'users.id', 'survey_credits.user_id')
    .select(['survey_credits.survey_id', 'users.id as user_id', 'users.name as user_name'])
    .where(analysed(filter))
    .orderBy('survey_credits.survey_id')
    .orderBy('users.name')
    .execute();
}

export async function insertFollowUp(executor: Executor, row: Insertable<FollowUpsTable>): Promise<void> {
  await executor.insertInto('follow_ups').values(row).execute();
}

export async function findFollowUpById(executor: Executor, id: string): Promise<FollowUpRow | undefined> {
  return executor.selectFrom('follow_ups').selectAll().where('id', '=', id).executeTakeFirst();
}

function followUpListQuery(executor: Executor) {
  return executor
    .selectFrom('follow_ups')
    .innerJoin('organizations', 'organizations.id', 'follow_ups.organization_id')
    .leftJoin('cases', 'cases.id', 'follow_ups.case_id')
    .leftJoin('users as assignee', 'assignee.id', 'follow_ups.assignee_user_id')
    .leftJoin('departments', 'departments.id', 'follow_ups.department_id')
    .selectAll('follow_ups')
    .select([
      'organizations.name as organization_name',
      'cases.number as case_number',
      'assignee.name as assignee_name',
      'departments.name as department_name',
    ]);
}

export async function findFollowUpListRow(executor: Executor, id: string): Promise<FollowUpListRow | undefined> {
  return followUpListQuery(executor).where('follow_ups.id', '=', id).executeTakeFirst();
}

/** Open follow-ups first by due date; the cursor is the last row's (due, id). */
export async function listFollowUps(
  executor: Executor,
  filter: {
    assigneeUserId?: string | undefined;
    status?: string | undefined;
    caseId?: string | undefined;
    after?: { dueAt: string; id: string } | undefined;
    limit: number;
  },
): Promise<FollowUpListRow[]> {
  let query = whereGiven(followUpListQuery(executor), {
    'follow_ups.assignee_user_id': filter.assigneeUserId,
    'follow_ups.status': filter.status,
    'follow_ups.case_id': filter.caseId,
  });
  if (filter.after) {
    const after = filter.after;
    query = query.where((eb) =>
      eb.or([
        eb('follow_ups.due_at', '>', after.dueAt),
        eb.and([eb('follow_ups.due_at', '=', after.dueAt), eb('follow_ups.id', '>', after.id)]),
      ]),
    );
  }
  return query
    .orderBy('follow_ups.due_at')
    .orderBy('follow_ups.id')
    .limit(filter.limit + 1)
    .execute();
}

export async function closeFollowUpOnce(
  executor: Executor,
  id: string,
  close: { closedAt: string; closedBy: string; resolution: string },
): Promise<boolean> {
  return changedOne(
    executor
      .updateTable('follow_ups')
      .set({ status: 'closed', closed_at: close.closedAt, closed_by: close.closedBy, resolution: close.resolution })
      .where('id', '=', id)
      .where('status', '=', 'open'),
  );
}

/**
 * Open follow-ups past their due time whose owner was not reminded yet, oldest due first, claimed for this
 * transaction (SKIP LOCKED on PostgreSQL: instances side by side take different ones).
 */
export async function claimOverdueFollowUps(executor: Executor, now: string, limit: number): Promise<FollowUpRow[]> {
  let query = executor
    .selectFrom('follow_ups')
    .selectAll()
    .where('status', '=', 'open')
    .where('due_at', '<', now)
    .where('overdue_notified_at', 'is', null)
    .orderBy('due_at')
    .orderBy('id')
    .limit(limit);
  if (locksRows(executor)) query = query.forUpdate().skipLocked();
  return query.execute();
}

/** Marks a follow-up's owner reminded, only while it is open and nobody did yet: false when another instance was first. */
export async function markFollowUpOverdueNotified(executor: Executor, id: string, at: string): Promise<boolean> {
  return changedOne(
    executor
      .updateTable('follow_ups')
      .set({ overdue_notified_at: at })
      .where('id', '=', id)
      .where('status', '=', 'open')
      .where('overdue_notified_at', 'is', null),
  );
}
