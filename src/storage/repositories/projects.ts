import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import { locksRows, type Executor } from '../dialect.js';
import { projectCheckable } from './assets.js';
import type { ProjectAttachmentsTable, ProjectsTable, YearlyChecksTable } from '../schema.js';

export type ProjectRow = Selectable<ProjectsTable>;
export type ProjectAttachmentRow = Selectable<ProjectAttachmentsTable>;
export type YearlyCheckRow = Selectable<YearlyChecksTable>;
export type NewProject = Insertable<ProjectsTable>;

export async function insertProject(executor: Executor, row: NewProject): Promise<void> {
  await executor.insertInto('projects').values(row).execute();
}

export async function insertProjects(executor: Executor, rows: NewProject[]): Promise<void> {
  if (rows.length > 0) await executor.insertInto('projects').values(rows).execute();
}

export async function updateProject(executor: Executor, id: string, changes: Updateable<ProjectsTable>): Promise<void> {
  await executor.updateTable('projects').set(changes).where('id', '=', id).execute();
}

export async function findProjectById(executor: Executor, id: string): Promise<ProjectRow | undefined> {
  return executor.selectFrom('projects').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findProjectsByIds(executor: Executor, ids: string[]): Promise<ProjectRow[]> {
  if (ids.length === 0) return [];
  return executor.selectFrom('projects').selectAll().where('id', 'in', ids).execute();
}

/** Project names of some organisations (imports name projects by organisation and name). */
export async function listProjectNames(
  executor: Executor,
  organizationIds: string[],
): Promise<Pick<ProjectRow, 'id' | 'organization_id' | 'name' | 'retired_at'>[]> {
  if (organizationIds.length === 0) return [];
  return executor
    .selectFrom('projects')
    .select(['id', 'organization_id', 'name', 'retired_at'])
    .where('organization_id', 'in', organizationIds)
    .execute();
}

export async function listProjects(
  executor: Executor,
  filter: { organizationId?: string; text?: string; onlyOpen?: boolean; afterId?: string; limit: number },
): Promise<ProjectRow[]> {
  let query = executor
    .selectFrom('projects')
    .selectAll()
    .orderBy('id')
    .limit(filter.limit + 1);
  if (filter.organizationId) query = query.where('organization_id', '=', filter.organizationId);
  if (filter.text) query = query.where((eb) => eb(eb.fn('lower', ['name']), 'like', `%${filter.text!.toLowerCase()}%`));
  if (filter.onlyOpen) query = query.where('retired_at', 'is', null);
  if (filter.afterId) query = query.where('id', '>', filter.afterId);
  return query.execute();
}

export async function* streamAllProjects(executor: Executor, batchSize = 1000): AsyncGenerator<ProjectRow[]> {
  let afterId: string | undefined;
  for (;;) {
    const rows = await listProjects(executor, { ...(afterId ? { afterId } : {}), limit: batchSize - 1 });
    if (rows.length === 0) return;
    yield rows;
    afterId = rows.at(-1)!.id;
    if (rows.length < batchSize) return;
  }
}

export async function insertAttachment(executor: Executor, row: Insertable<ProjectAttachmentsTable>): Promise<void> {
  await executor.insertInto('project_attachments').values(row).execute();
}

export async function listAttachments(executor: Executor, projectId: string): Promise<ProjectAttachmentRow[]> {
  return executor.selectFrom('project_attachments').selectAll().where('project_id', '=', projectId).orderBy('id').execute();
}

export async function findAttachment(executor: Executor, projectId: string, id: string): Promise<ProjectAttachmentRow | undefined> {
  return executor.selectFrom('project_attachments').selectAll().where('project_id', '=', projectId).where('id', '=', id).executeTakeFirst();
}

/** The attachment stored under `storedName`, locked against removal until the transaction ends (PostgreSQL). */
export async function findAttachmentByStoredNameForShare(
  executor: Executor,
  storedName: string,
): Promise<ProjectAttachmentRow | undefined> {
  const query = executor.selectFrom('project_attachments').selectAll().where('stored_name', '=', storedName);
  return (locksRows(executor) ? query.forShare() : query).executeTakeFirst();
}

export async function deleteAttachment(executor: Executor, projectId: string, id: string): Promise<void> {
  await executor.deleteFrom('project_attachments').where('project_id', '=', projectId).where('id', '=', id).execute();
}

/** Projects whose next yearly check is due on or before `until`, oldest first. */
export async function listProjectsWithCheckDue(executor: Executor, until: string, limit: number): Promise<ProjectRow[]> {
  // A closed project has no checks; reopened, it is due from its next anniversary (`setProjectRetired`).
  return executor
    .selectFrom('projects')
    .selectAll()
    .where('next_check_on', 'is not', null)
    .where('next_check_on', '<=', until)
    .where('retired_at', 'is', null)
    .orderBy('next_check_on')
    .orderBy('id')
    .limit(limit)
    .execute();
}

/**
 * Takes a project's due check for this instance: the row lock (PostgreSQL, SKIP LOCKED) keeps a second instance
 * from even trying; the check's unique key stops it if it does.
 */
export async function claimProjectCheck(executor: Executor, projectId: string, dueOn: string): Promise<ProjectRow | undefined> {
  let query = executor.selectFrom('projects').selectAll().where('id', '=', projectId).where('next_check_on', '=', dueOn);
  if (locksRows(executor)) query = query.forUpdate().skipLocked();
  return query.executeTakeFirst();
}

/** Moves a project to its following check, only if it still waits for `dueOn` (idempotent between instances). */
export async function advanceProjectCheck(executor: Executor, projectId: string, dueOn: string, next: string): Promise<void> {
  await executor
    .updateTable('projects')
    .set({ next_check_on: next })
    .where('id', '=', projectId)
    .where('next_check_on', '=', dueOn)
    .execute();
}

export async function insertYearlyCheck(executor: Executor, row: Insertable<YearlyChecksTable>): Promise<void> {
  await executor.insertInto('yearly_checks').values(row).execute();
}

export async function setYearlyCheckCase(executor: Executor, id: string, caseId: string): Promise<void> {
  await executor.updateTable('yearly_checks').set({ case_id: caseId }).where('id', '=', id).execute();
}

export interface MonthCheckRow {
  project_id: string;
  project_name: string;
  organization_id: string;
  organization_name: string;
  implementing_department_id: string | null;
  delivered_at: string;
  guarantee_ends_at: string;
  check_id: string | null;
  check_due_on: string | null;
  case_id: string | null;
  case_number: string | null;
  case_status: string | null;
}

/**
 * Projects with a yearly check in a month (`YYYY-MM`): their delivery month is that month (a 29 February delivery
 * is checked on the 28th, still February), with the check and its case once created. Paged by project id.
 */
export async function listChecksOfMonth(
  executor: Executor,
  filter: { month: string; organizationId?: string; departmentId?: string; afterId?: string; limit: number },
): Promise<MonthCheckRow[]> {
  const monthNumber = filter.month.slice(5, 7);
  let query = executor
    .selectFrom('projects as p')
    .innerJoin('organizations as o', 'o.id', 'p.organization_id')
    .leftJoin('yearly_checks as y', (join) => join.onRef('y.project_id', '=', 'p.id').on('y.due_on', 'like', `${filter.month}-%`))
    .leftJoin('cases as c', 'c.id', 'y.case_id')
    .select([
      'p.id as project_id',
      'p.name as project_name',
      'p.organization_id',
      'o.name as organization_name',
      'p.implementing_department_id',
      'p.delivered_at',
      'p.guarantee_ends_at',
      'y.id as check_id',
      'y.due_on as check_due_on',
      'c.id as case_id',
      'c.number as case_number',
      'c.status as case_status',
    ])
    .where(sql<string>`substr(p.delivered_at, 6, 2)`, '=', monthNumber)
    .where('p.delivered_at', '<', `${filter.month}-01`)
    // A check still to come is shown only if it will be opened: the project open, its customer active, and something
    // of it in service at an active site. One already opened stays, with its case.
    .where((eb) =>
      eb.or([
        eb('y.id', 'is not', null),
        eb.and([eb('p.retired_at', 'is', null), eb('o.retired_at', 'is', null), projectCheckable(sql.ref('p.id'))]),
      ]),
    )
    .orderBy('p.id')
    .limit(filter.limit + 1);
  if (filter.organizationId) query = query.where('p.organization_id', '=', filter.organizationId);
  if (filter.departmentId) query = query.where('p.implementing_department_id', '=', filter.departmentId);
  if (filter.afterId) query = query.where('p.id', '>', filter.afterId);
  return query.execute();
}
