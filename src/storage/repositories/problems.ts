import type { Insertable, Selectable, Updateable } from 'kysely';
import { locksRows, type Executor } from '../dialect.js';
import type { ProblemActionsTable, ProblemEventsTable, ProblemsTable } from '../schema.js';
import type { ProblemStatus } from '../../domain/problems/problem-lifecycle.js';
import { changedOne } from '../changed-one.js';
import { inIdOrder, whereGiven, type IdPage } from './pagination.js';

export type ProblemRow = Selectable<ProblemsTable>;
export type ProblemListRow = ProblemRow & { owner_name: string };
export type ProblemActionRow = Selectable<ProblemActionsTable> & { owner_name: string };
export type ProblemEventRow = Selectable<ProblemEventsTable> & { actor_name: string | null };
export type NewProblem = Insertable<ProblemsTable>;
export type NewProblemAction = Insertable<ProblemActionsTable>;
export type NewProblemEvent = Insertable<ProblemEventsTable>;

export interface ProblemCaseRow {
  problem_id: string;
  case_id: string;
  number: string;
  title: string;
  status: string;
  organization_id: string;
  organization_name: string;
  linked_at: string;
}

/** A problem as a linked case shows it: enough to see what it is and use its workaround. */
export interface CaseProblemRow {
  id: string;
  title: string;
  status: ProblemStatus;
  workaround: string | null;
  owner_name: string;
}

function problemListQuery(executor: Executor) {
  return executor
    .selectFrom('problems')
    .innerJoin('users as owner', 'owner.id', 'problems.owner_user_id')
    .selectAll('problems')
    .select('owner.name as owner_name');
}

export async function insertProblem(executor: Executor, row: NewProblem): Promise<void> {
  await executor.insertInto('problems').values(row).execute();
}

export async function updateProblem(executor: Executor, id: string, changes: Updateable<ProblemsTable>): Promise<void> {
  await executor.updateTable('problems').set(changes).where('id', '=', id).execute();
}

/** The problem, locked until the transaction ends on PostgreSQL (SQLite has a single writer): changes take turns. */
export async function findProblemForUpdate(executor: Executor, id: string): Promise<ProblemRow | undefined> {
  const query = executor.selectFrom('problems').selectAll().where('id', '=', id);
  return (locksRows(executor) ? query.forUpdate() : query).executeTakeFirst();
}

export async function findProblemListRow(executor: Executor, id: string): Promise<ProblemListRow | undefined> {
  return problemListQuery(executor).where('problems.id', '=', id).executeTakeFirst();
}

export async function listProblems(
  executor: Executor,
  filter: { status?: ProblemStatus | undefined; ownerUserId?: string | undefined } & IdPage,
): Promise<ProblemListRow[]> {
  const query = whereGiven(problemListQuery(executor), {
    'problems.status': filter.status,
    'problems.owner_user_id': filter.ownerUserId,
  });
  return inIdOrder(query, 'problems.id', filter, 'newest first').execute();
}

export async function replaceProblemOrganizations(
  executor: Executor,
  problemId: string,
  organizationIds: readonly string[],
): Promise<void> {
  await executor.deleteFrom('problem_organizations').where('problem_id', '=', problemId).execute();
  if (organizationIds.length > 0)
    await executor
      .insertInto('problem_organizations')
      .values(organizationIds.map((organizationId) => ({ problem_id: problemId, organization_id: organizationId })))
      .execute();
}

export async function listProblemOrganizations(executor: Executor, problemId: string): Promise<{ id: string; name: string }[]> {
  return executor
    .selectFrom('problem_organizations')
    .innerJoin('organizations', 'organizations.id', 'problem_organizations.organization_id')
    .select(['organizations.id', 'organizations.name'])
    .where('problem_organizations.problem_id', '=', problemId)
    .orderBy('organizations.name')
    .execute();
}

export async function replaceProblemProducts(
  executor: Executor,
  problemId: string,
  products: readonly { id: string; vendor_id: string | null; model: string | null }[],
): Promise<void> {
  await executor.deleteFrom('problem_products').where('problem_id', '=', problemId).execute();
  if (products.length > 0)
    await executor
      .insertInto('problem_products')
      .values(products.map((product) => ({ ...product, problem_id: problemId })))
      .execute();
}

export async function listProblemProducts(
  executor: Executor,
  problemId: string,
): Promise<{ vendor_id: string | null; vendor_name: string | null; model: string | null }[]> {
  return executor
    .selectFrom('problem_products')
    .leftJoin('vendors', 'vendors.id', 'problem_products.vendor_id')
    .select(['problem_products.vendor_id', 'vendors.name as vendor_name', 'problem_products.model'])
    .where('problem_products.problem_id', '=', problemId)
    .orderBy('problem_products.id')
    .execute();
}

/** Links a case to a problem; false when it was linked already. */
export async function linkProblemCase(
  executor: Executor,
  row: { problem_id: string; case_id: string; linked_by: string | null; linked_at: string },
): Promise<boolean> {
  const result = await executor
    .insertInto('problem_cases')
    .values(row)
    .onConflict((oc) => oc.columns(['problem_id', 'case_id']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

/** Unlinks a case from a problem; false when it was not linked. */
export async function unlinkProblemCase(executor: Executor, problemId: string, caseId: string): Promise<boolean> {
  const result = await executor
    .deleteFrom('problem_cases')
    .where('problem_id', '=', problemId)
    .where('case_id', '=', caseId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

/** What a problem (or a proposed one) shows of each of its cases, from `cases` joined with `organizations`. */
export const LINKED_CASE_COLUMNS = [
  'cases.number',
  'cases.title',
  'cases.status',
  'cases.organization_id',
  'organizations.name as organization_name',
] as const;

export async function listCasesOfProblem(executor: Executor, problemId: string): Promise<ProblemCaseRow[]> {
  return executor
    .selectFrom('problem_cases')
    .innerJoin('cases', 'cases.id', 'problem_cases.case_id')
    .innerJoin('organizations', 'organizations.id', 'cases.organization_id')
    .select(['problem_cases.problem_id', 'problem_cases.case_id', ...LINKED_CASE_COLUMNS, 'problem_cases.linked_at'])
    .where('problem_cases.problem_id', '=', problemId)
    .orderBy('problem_cases.linked_at')
    .orderBy('cases.number')
    .execute();
}

export async function listProblemsOfCase(executor: Executor, caseId: string): Promise<CaseProblemRow[]> {
  return executor
    .selectFrom('problem_cases')
    .innerJoin('problems', 'problems.id', 'problem_cases.problem_id')
    .innerJoin('users as owner', 'owner.id', 'problems.owner_user_id')
    .select(['problems.id', 'problems.title', 'problems.status', 'problems.workaround', 'owner.name as owner_name'])
    .where('problem_cases.case_id', '=', caseId)
    .orderBy('problems.id')
    .execute();
}

export async function insertProblemAction(executor: Executor, row: NewProblemAction): Promise<void> {
  await executor.insertInto('problem_actions').values(row).execute();
}

function actionQuery(executor: Executor) {
  return executor
    .selectFrom('problem_actions')
    .innerJoin('users as owner', 'owner.id', 'problem_actions.owner_user_id')
    .selectAll('problem_actions')
    .select('owner.name as owner_name');
}

export async function findProblemAction(executor: Executor, problemId: string, actionId: string): Promise<ProblemActionRow | undefined> {
  return actionQuery(executor)
    .where('problem_actions.problem_id', '=', problemId)
    .where('problem_actions.id', '=', actionId)
    .executeTakeFirst();
}

export async function listProblemActions(executor: Executor, problemId: string): Promise<ProblemActionRow[]> {
  return actionQuery(executor).where('problem_actions.problem_id', '=', problemId).orderBy('problem_actions.id').execute();
}

export async function setProblemActionDone(
  executor: Executor,
  actionId: string,
  done: { done_at: string; done_by: string } | null,
): Promise<void> {
  await executor
    .updateTable('problem_actions')
    .set(done ?? { done_at: null, done_by: null })
    .where('id', '=', actionId)
    .execute();
}

/**
 * Actions past their due date (due before `today`), not done and not reported yet, oldest first. On PostgreSQL they
 * are locked with SKIP LOCKED, so instances running the job side by side split them and none reports one twice.
 */
export async function claimOverdueProblemActions(
  executor: Executor,
  today: string,
  limit: number,
): Promise<Selectable<ProblemActionsTable>[]> {
  let query = executor
    .selectFrom('problem_actions')
    .selectAll()
    .where('done_at', 'is', null)
    .where('overdue_notified_at', 'is', null)
    .where('due_on', '<', today)
    .orderBy('id')
    .limit(limit);
  if (locksRows(executor)) query = query.forUpdate().skipLocked();
  return query.execute();
}

/** Marks an action reported overdue, only if nobody did yet: false when another instance was first. */
export async function markProblemActionOverdueNotified(executor: Executor, actionId: string, at: string): Promise<boolean> {
  return changedOne(
    executor
      .updateTable('problem_actions')
      .set({ overdue_notified_at: at })
      .where('id', '=', actionId)
      .where('overdue_notified_at', 'is', null)
      .where('done_at', 'is', null),
  );
}

export async function insertProblemEvent(executor: Executor, row: NewProblemEvent): Promise<void> {
  await executor.insertInto('problem_events').values(row).execute();
}

export async function listProblemEvents(executor: Executor, problemId: string): Promise<ProblemEventRow[]> {
  return executor
    .selectFrom('problem_events')
    .leftJoin('users as actor', 'actor.id', 'problem_events.actor_user_id')
    .selectAll('problem_events')
    .select('actor.name as actor_name')
    .where('problem_events.problem_id', '=', problemId)
    .orderBy('problem_events.id')
    .execute();
}

export async function findProblemListRows(executor: Executor, ids: readonly string[]): Promise<ProblemListRow[]> {
  if (ids.length === 0) return [];
  return problemListQuery(executor)
    .where('problems.id', 'in', [...ids])
    .execute();
}
