import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Executor } from '../db.js';
import type { DepartmentsTable } from '../schema.js';

export type DepartmentRow = Selectable<DepartmentsTable>;

export async function insertDepartment(executor: Executor, row: Insertable<DepartmentsTable>): Promise<void> {
  await executor.insertInto('departments').values(row).execute();
}

export async function findDepartmentById(executor: Executor, id: string): Promise<DepartmentRow | undefined> {
  return executor.selectFrom('departments').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function updateDepartment(executor: Executor, id: string, changes: Updateable<DepartmentsTable>): Promise<void> {
  await executor.updateTable('departments').set(changes).where('id', '=', id).execute();
}

export async function listDepartments(executor: Executor, filter: { afterId?: string; limit: number }): Promise<DepartmentRow[]> {
  let query = executor
    .selectFrom('departments')
    .selectAll()
    .orderBy('id')
    .limit(filter.limit + 1);
  if (filter.afterId) query = query.where('id', '>', filter.afterId);
  return query.execute();
}
