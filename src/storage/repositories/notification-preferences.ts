import type { Role } from '../../domain/access/roles.js';
import type { Executor } from '../db.js';
import { preparedQuery } from '../prepared-query.js';
import { batchedLookup, isOneOf, listParameter, type ListParameter } from '../read-batches.js';
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
 * company's first receivers serve every department). Disabled users are left to the caller's audience rule. Every
 * intake of an unassigned case asks it, so concurrent intakes ask together.
 */
export async function listDepartmentReceivers(executor: Executor, departmentId: string, roles: readonly Role[]): Promise<UserRow[]> {
  if (roles.length === 0) return [];
  return departmentReceiversLookup(roles)(executor, departmentId);
}

type ReceiversLookup = (executor: Executor, departmentId: string) => Promise<UserRow[]>;

/** One lookup, with its compiled statements, per set of roles (a handful: one per notice rule). */
const departmentReceiversLookups = new Map<string, ReceiversLookup>();

function departmentReceiversLookup(roles: readonly Role[]): ReceiversLookup {
  const key = roles.join();
  let lookup = departmentReceiversLookups.get(key);
  if (!lookup) {
    const inRoles = [...roles];
    const withoutDepartment = inRoles.includes('secretary');
    const query = preparedQuery<{ departmentIds: ListParameter }, UserRow>((builder, param) =>
      builder
        .selectFrom('users')
        .selectAll()
        .where('role', 'in', inRoles)
        .where((eb) =>
          eb.or([
            isOneOf(builder, 'department_id', param('departmentIds')),
            ...(withoutDepartment ? [eb.and([eb('role', '=', 'secretary'), eb('department_id', 'is', null)])] : []),
          ]),
        )
        .orderBy('id'),
    );
    const receiversOf = async (executor: Executor, departmentIds: readonly string[]): Promise<UserRow[][]> => {
      const rows = await query(executor, { departmentIds: listParameter(executor, [...new Set(departmentIds)]) });
      // Each caller gets rows of its own, in id order.
      return departmentIds.map((departmentId) =>
        rows
          .filter((row) => row.department_id === departmentId || (row.department_id === null && row.role === 'secretary'))
          .map((row) => ({ ...row })),
      );
    };
    lookup = batchedLookup<string, UserRow[]>({
      one: async (executor, departmentId) => (await receiversOf(executor, [departmentId]))[0]!,
      many: receiversOf,
    });
    departmentReceiversLookups.set(key, lookup);
  }
  return lookup;
}
