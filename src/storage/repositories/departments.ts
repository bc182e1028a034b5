import type { Insertable, Selectable, Updateable } from 'kysely';
import { locksRows, type Executor } from '../dialect.js';
import type { DepartmentsTable } from '../schema.js';
import { inIdOrder, type IdPage } from './pagination.js';

export type DepartmentRow = Selectable<DepartmentsTable>;

export async function insertDepartment(executor: Executor, row: Insertable<DepartmentsTable>): Promise<void> {
  await executor.insertInto('departments').values(row).execute();
}

export async function findDepartmentById(executor: Executor, id: string): Promise<DepartmentRow | undefined> {
  return executor.selectFrom('departments').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The department, its row share-locked until the transaction ends on PostgreSQL: an admin changing it waits. */
export async function findDepartmentForShare(executor: Executor, id: string): Promise<DepartmentRow | undefined> {
  const query = executor.selectFrom('departments').selectAll().where('id', '=', id);
  return (locksRows(executor) ? query.forShare() : query).executeTakeFirst();
}

export async function updateDepartment(executor: Executor, id: string, changes: Updateable<DepartmentsTable>): Promise<void> {
  await executor.updateTable('departments').set(changes).where('id', '=', id).execute();
}

export async function listDepartments(executor: Executor, page: IdPage): Promise<DepartmentRow[]> {
  return inIdOrder(executor.selectFrom('departments').selectAll(), 'id', page).execute();
}

export async function findCompanyDefaultDepartment(executor: Executor): Promise<DepartmentRow | undefined> {
  return executor.selectFrom('departments').selectAll().where('company_default', '=', 1).executeTakeFirst();
}

/** Makes one department the company default, taking the mark from whichever had it. */
export async function setCompanyDefaultDepartment(executor: Executor, id: string): Promise<void> {
  await executor.updateTable('departments').set({ company_default: 0 }).where('company_default', '=', 1).where('id', '<>', id).execute();
  await executor.updateTable('departments').set({ company_default: 1 }).where('id', '=', id).execute();
}

/**
 * The departments a new case could fall back to, in one round trip: the organisation's default servicing
 * department and the company's; with them, whether the organisation is retired (it takes no new case).
 */
export async function findServicingDefaults(
  executor: Executor,
  organizationId: string,
): Promise<{ organizationDefault: string | null; companyDefault: string | null; organizationRetiredAt: string | null }> {
  const row = await executor
    .selectNoFrom((eb) => [
      eb.selectFrom('organizations').select('default_department_id').where('id', '=', organizationId).as('organization_default'),
      eb.selectFrom('departments').select('id').where('company_default', '=', 1).as('company_default'),
      eb.selectFrom('organizations').select('retired_at').where('id', '=', organizationId).as('organization_retired_at'),
    ])
    .executeTakeFirst();
  return {
    organizationDefault: row?.organization_default ?? null,
    companyDefault: row?.company_default ?? null,
    organizationRetiredAt: row?.organization_retired_at ?? null,
  };
}
