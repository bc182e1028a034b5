import type { Actor } from '../../domain/access/permissions.js';
import type { Language, Role } from '../../domain/access/roles.js';
import { findDepartmentById } from '../../storage/repositories/departments.js';
import { updateContact } from '../../storage/repositories/organizations.js';
import type { Page } from '../../storage/repositories/pagination.js';
import { findUserById, listUsers, updateUser, type UserRow } from '../../storage/repositories/users.js';
import { deleteSessionsOfUser } from '../../storage/repositories/credentials.js';
import { recordChangeBy } from '../audit.js';
import { nowIso, type ServiceContext } from '../context.js';
import { pageById } from '../paging.js';
import { conflict, forbidden, invalid, notFound } from '../errors.js';
import {
  changeableUserFields,
  mayChangeRole,
  mayDeactivateUser,
  mayReadUser,
  mayReadUsers,
  USER_FIELDS,
} from '../../domain/access/policies/users.js';

/** A user account the actor may read: their own, or any one for staff. */
export async function getUser(context: ServiceContext, actor: Actor, id: string): Promise<UserRow> {
  if (!mayReadUser(actor, { id })) throw forbidden();
  const user = await findUserById(context.storage.db, id);
  if (!user) throw notFound('user', id);
  return user;
}

export async function listUsersPage(
  context: ServiceContext,
  actor: Actor,
  query: {
    role?: Role | undefined;
    organizationId?: string | undefined;
    departmentId?: string | undefined;
    cursor?: string | undefined;
    limit: number;
  },
): Promise<Page<UserRow>> {
  if (!mayReadUsers(actor)) throw forbidden();
  return pageById(query, (page) =>
    listUsers(context.storage.db, { role: query.role, organizationId: query.organizationId, departmentId: query.departmentId, ...page }),
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
    const changeable = changeableUserFields(actor, before);
    const refused = USER_FIELDS.find((field) => changes[field] !== undefined && !changeable.includes(field));
    if (refused) throw forbidden();
    if (changes.role !== undefined && !mayChangeRole(before, changes.role)) {
      // A customer belongs to an organisation and staff do not; switching sides would orphan one or the other.
      throw invalid('errors.roleSideChange', 'role');
    }
    if (changes.disabled && !mayDeactivateUser(actor, before)) {
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
    // A customer account is a contact: the language they read CaseDesk in is the language of their case mail too.
    if (changes.language !== undefined && before.contact_id) await updateContact(trx, before.contact_id, { language: changes.language });
    // Sessions end at once; API tokens stay stored but are refused while the user is deactivated.
    if (changes.disabled) await deleteSessionsOfUser(trx, id);
    const after = (await findUserById(trx, id))!;
    await recordChangeBy(trx, actor, at, 'user.updated', ['user', id], { before, after });
    return after;
  });
}

/** The cursor's home is `services/paging.ts`; some lists still import it from here. */
export { cursorId } from '../paging.js';
