import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Role } from '../../domain/access/roles.js';
import type { Executor } from '../db.js';
import { preparedQuery } from '../prepared-query.js';
import type { UsersTable } from '../schema.js';
import { inIdOrder, whereGiven, type IdPage } from './pagination.js';

export type UserRow = Selectable<UsersTable>;

export async function insertUser(executor: Executor, row: Insertable<UsersTable>): Promise<UserRow> {
  await executor.insertInto('users').values(row).execute();
  return (await findUserById(executor, row.id))!;
}

const userByIdQuery = preparedQuery<{ id: string }, UserRow>((executor, param) =>
  executor.selectFrom('users').selectAll().where('id', '=', param('id')),
);

/** Every intake reads its actor's name here (and most services their actor), so the statement is compiled once. */
export async function findUserById(executor: Executor, id: string): Promise<UserRow | undefined> {
  return (await userByIdQuery(executor, { id }))[0];
}

/** The portal account of a customer contact, if they have one. */
export async function findUserIdOfContact(executor: Executor, contactId: string): Promise<string | undefined> {
  return (await executor.selectFrom('users').select('id').where('contact_id', '=', contactId).executeTakeFirst())?.id;
}

/** Whether a customer contact can sign in to the portal: an account of theirs that is not disabled. */
export async function contactHasActiveAccount(executor: Executor, contactId: string): Promise<boolean> {
  const row = await executor
    .selectFrom('users')
    .select('id')
    .where('contact_id', '=', contactId)
    .where('disabled_at', 'is', null)
    .executeTakeFirst();
  return row !== undefined;
}

export async function findUserByEmail(executor: Executor, email: string): Promise<UserRow | undefined> {
  return executor.selectFrom('users').selectAll().where('email', '=', email.trim().toLowerCase()).executeTakeFirst();
}

/** The names of some users, by id. */
export async function findUserNames(executor: Executor, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const users = await executor.selectFrom('users').select(['id', 'name']).where('id', 'in', ids).execute();
  return new Map(users.map((user) => [user.id, user.name]));
}

export async function updateUser(executor: Executor, id: string, changes: Updateable<UsersTable>): Promise<void> {
  await executor.updateTable('users').set(changes).where('id', '=', id).execute();
}

export async function countUsers(executor: Executor): Promise<number> {
  const row = await executor
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<string | number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export async function listUsers(
  executor: Executor,
  filter: { role?: Role; organizationId?: string; departmentId?: string } & IdPage,
): Promise<UserRow[]> {
  const query = whereGiven(executor.selectFrom('users').selectAll(), {
    role: filter.role,
    organization_id: filter.organizationId,
    department_id: filter.departmentId,
  });
  return inIdOrder(query, 'id', filter).execute();
}

/** The active users holding one of these roles, by name. */
export async function listActiveUsersWithRoles(executor: Executor, roles: readonly Role[]): Promise<UserRow[]> {
  if (roles.length === 0) return [];
  return executor
    .selectFrom('users')
    .selectAll()
    .where('role', 'in', [...roles])
    .where('disabled_at', 'is', null)
    .orderBy('name')
    .orderBy('id')
    .execute();
}
