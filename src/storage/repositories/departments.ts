import type { Insertable, Selectable, Updateable } from 'kysely';
import { locksRows, type Executor } from '../dialect.js';
import { preparedQuery } from '../prepared-query.js';
import { batchedLookup, isOneOf, listParameter, type ListParameter } from '../read-batches.js';
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

/** Every department's id and name, by name: the choices a form offers. */
export async function listDepartmentNames(executor: Executor): Promise<{ id: string; name: string }[]> {
  return executor.selectFrom('departments').select(['id', 'name']).orderBy('name').orderBy('id').execute();
}

export async function findCompanyDefaultDepartment(executor: Executor): Promise<DepartmentRow | undefined> {
  return executor.selectFrom('departments').selectAll().where('company_default', '=', 1).executeTakeFirst();
}

/** Makes one department the company default, taking the mark from whichever had it. */
export async function setCompanyDefaultDepartment(executor: Executor, id: string): Promise<void> {
  await executor.updateTable('departments').set({ company_default: 0 }).where('company_default', '=', 1).where('id', '<>', id).execute();
  await executor.updateTable('departments').set({ company_default: 1 }).where('id', '=', id).execute();
}

export interface ServicingDefaults {
  organizationDefault: string | null;
  companyDefault: string | null;
  organizationRetiredAt: string | null;
}

/**
 * The departments a new case could fall back to (the organisation's default servicing department and the company's)
 * and whether the organisation is retired (it takes no new case). Every intake asks it, so concurrent intakes ask
 * together: one pair of statements per turn of the event loop, not one per case.
 */
export const findServicingDefaults = batchedLookup<string, ServicingDefaults>({
  one: async (executor, organizationId) => (await servicingDefaultsOf(executor, [organizationId]))[0]!,
  many: (db, organizationIds) => servicingDefaultsOf(db, organizationIds),
});

/**
 * One statement, prepared once: each organisation asked for with its default and retirement, the company's default
 * beside it. Building the query anew each time cost more than SQLite takes to run it.
 */
const servicingDefaultsQuery = preparedQuery<
  { organizationIds: ListParameter },
  { id: string; default_department_id: string | null; retired_at: string | null; company_default: string | null }
>((executor, param) =>
  executor
    .selectFrom('organizations')
    .select(['id', 'default_department_id', 'retired_at'])
    .select((eb) => eb.selectFrom('departments').select('id').where('company_default', '=', 1).limit(1).as('company_default'))
    .where(isOneOf(executor, 'id', param('organizationIds'))),
);

async function servicingDefaultsOf(executor: Executor, organizationIds: readonly string[]): Promise<ServicingDefaults[]> {
  const organizations = await servicingDefaultsQuery(executor, {
    organizationIds: listParameter(executor, [...new Set(organizationIds)]),
  });
  const byId = new Map(organizations.map((organization) => [organization.id, organization]));
  // An unknown organisation has no row (the foreign key names it later); the company default is the same in every row.
  const companyDefault =
    organizations[0]?.company_default ?? (organizations.length === 0 ? await companyDefaultDepartment(executor) : null);
  return organizationIds.map((organizationId) => ({
    organizationDefault: byId.get(organizationId)?.default_department_id ?? null,
    companyDefault,
    organizationRetiredAt: byId.get(organizationId)?.retired_at ?? null,
  }));
}

async function companyDefaultDepartment(executor: Executor): Promise<string | null> {
  return (await executor.selectFrom('departments').select('id').where('company_default', '=', 1).executeTakeFirst())?.id ?? null;
}
