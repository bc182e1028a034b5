import type { Role } from '../../domain/access/roles.js';
import type { Executor } from '../db.js';
import { preparedQuery } from '../prepared-query.js';
import type { UserRow } from './users.js';

export interface StoredPreference {
  userId: string;
  kind: string;
  inApp: boolean;
  email: boolean;
}

/** The kinds these users have set (the others follow the defaults). */
export async function listPreferencesOfUsers(executor: Executor, userIds: readonly string[]): Promise<StoredPreference[]> {
  if (userIds.length === 0) return [];
  const rows = await executor
    .selectFrom('notification_preferences')
    .select(['user_id', 'kind', 'in_app', 'email'])
    .where('user_id', 'in', [...userIds])
    .execute();
  return rows.map((row) => ({ userId: row.user_id, kind: row.kind, inApp: row.in_app === 1, email: row.email === 1 }));
}

/** Stores a user's choice for each kind given; kinds not given keep what they had. */
export async function savePreferences(
  executor: Executor,
  userId: string,
  choices: readonly Omit<StoredPreference, 'userId'>[],
  at: string,
): Promise<void> {
  if (choices.length === 0) return;
  await executor
    .insertInto('notification_preferences')
    .values(
      choices.map((choice) => ({
        user_id: userId,
        kind: choice.kind,
        in_app: choice.inApp ? 1 : 0,
        email: choice.email ? 1 : 0,
        updated_at: at,
      })),
    )
    .onConflict((oc) =>
      oc.columns(['user_id', 'kind']).doUpdateSet((eb) => ({
        in_app: eb.ref('excluded.in_app'),
        email: eb.ref('excluded.email'),
        updated_at: eb.ref('excluded.updated_at'),
      })),
    )
    .execute();
}

/**
 * The people of a department who take new work: its members in `roles`, and secretaries without a department (the
 * company's first receivers serve every department). Disabled users are left to the caller's audience rule.
 */
export async function listDepartmentReceivers(executor: Executor, departmentId: string, roles: readonly Role[]): Promise<UserRow[]> {
  if (roles.length === 0) return [];
  return departmentReceiversQuery(roles)(executor, { departmentId });
}

/** One compiled statement per set of roles (a handful: one per notice rule), asked at every intake. */
const departmentReceiversQueries = new Map<string, (executor: Executor, params: { departmentId: string }) => Promise<UserRow[]>>();

function departmentReceiversQuery(roles: readonly Role[]): (executor: Executor, params: { departmentId: string }) => Promise<UserRow[]> {
  const key = roles.join();
  let query = departmentReceiversQueries.get(key);
  if (!query) {
    const inRoles = [...roles];
    query = preparedQuery<{ departmentId: string }, UserRow>((builder, param) =>
      builder
        .selectFrom('users')
        .selectAll()
        .where('role', 'in', inRoles)
        .where((eb) =>
          eb.or([
            eb('department_id', '=', param('departmentId')),
            ...(inRoles.includes('secretary') ? [eb.and([eb('role', '=', 'secretary'), eb('department_id', 'is', null)])] : []),
          ]),
        )
        .orderBy('id'),
    );
    departmentReceiversQueries.set(key, query);
  }
  return query;
}
