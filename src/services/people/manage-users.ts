import type { Actor } from '../../domain/access/permissions.js';
import { isStaffRole, type Language, type Role } from '../../domain/access/roles.js';
import { findDepartmentById } from '../../storage/repositories/departments.js';
import { decodeCursor, toPage, type Page } from '../../storage/repositories/pagination.js';
import { findUserById, listUsers, updateUser, type UserRow } from '../../storage/repositories/users.js';
import { deleteSessionsOfUser } from '../../storage/repositories/credentials.js';
import { recordChange } from '../audit.js';
import { nowIso, type ServiceContext } from '../context.js';
import { conflict, invalid, notFound } from '../errors.js';

export async function getUser(context: ServiceContext, id: string): Promise<UserRow> {
  const user = await findUserById(context.storage.db, id);
  if (!user) throw notFound('user', id);
  return user;
}

export async function listUsersPage(
  context: ServiceContext,
  query: {
    role?: Role | undefined;
    organizationId?: string | undefined;
    departmentId?: string | undefined;
    cursor?: string | undefined;
    limit: number;
  },
): Promise<Page<UserRow>> {
  const afterId = cursorId(query.cursor);
  const rows = await listUsers(context.storage.db, {
    ...(query.role ? { role: query.role } : {}),
    ...(query.organizationId ? { organizationId: query.organizationId } : {}),
    ...(query.departmentId ? { departmentId: query.departmentId } : {}),
    ...(afterId ? { afterId } : {}),
    limit: query.limit,
  });
  return toPage(
    rows,
    query.limit,
    (row) => row,
    (row) => [row.id],
  );
}

export async function updateUserProfile(
  context: ServiceContext,
  actor: Actor,
  id: string,
  changes: {
    name?: string | undefined;
    language?: Language | undefined;
    departmentId?: string | null | undefined;
    disabled?: boolean | undefined;
    role?: Role | undefined;
  },
): Promise<UserRow> {
  const at = nowIso(context);
  return context.storage.transaction(async (trx) => {
    const before = await findUserById(trx, id);
    if (!before) throw notFound('user', id);
    if (changes.role !== undefined && isStaffRole(changes.role) !== isStaffRole(before.role)) {
      // A customer belongs to an organisation and staff do not; switching sides would orphan one or the other.
      throw invalid('errors.roleSideChange', 'role');
    }
    if (changes.disabled && id === actor.userId) {
      // An admin who locks themselves out may be the last one who can let anyone back in.
      throw conflict('errors.cannotDeactivateSelf', {}, 'disabled');
    }
    if (changes.departmentId && !(await findDepartmentById(trx, changes.departmentId))) {
      throw invalid('errors.unknownReference', 'departmentId', { entity: 'department', id: changes.departmentId });
    }
    await updateUser(trx, id, {
      ...(changes.name !== undefined ? { name: changes.name.trim() } : {}),
      ...(changes.language !== undefined ? { language: changes.language } : {}),
      ...(changes.departmentId !== undefined ? { department_id: changes.departmentId } : {}),
      ...(changes.role !== undefined ? { role: changes.role } : {}),
      ...(changes.disabled !== undefined ? { disabled_at: changes.disabled ? (before.disabled_at ?? at) : null } : {}),
      updated_at: at,
    });
    // Sessions end at once; API tokens stay stored but are refused while the user is deactivated.
    if (changes.disabled) await deleteSessionsOfUser(trx, id);
    const after = (await findUserById(trx, id))!;
    await recordChange(trx, { at, actorUserId: actor.userId, action: 'user.updated', entityType: 'user', entityId: id, before, after });
    return after;
  });
}

export function cursorId(cursor: string | undefined): string | undefined {
  if (cursor === undefined) return undefined;
  const values = decodeCursor(cursor);
  const id = values?.[0];
  if (typeof id !== 'string') throw invalid('errors.badCursor', 'cursor');
  return id;
}
