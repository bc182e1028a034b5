import { isStaffRole, type Language, type Role } from '../../domain/access/roles.js';
import { findDepartmentById } from '../../storage/repositories/departments.js';
import { findOrganizationById } from '../../storage/repositories/organizations.js';
import { findUserById, insertUser, type UserRow } from '../../storage/repositories/users.js';
import type { Executor } from '../../storage/db.js';
import { recordChange } from '../audit.js';
import { hashPassword, MIN_PASSWORD_LENGTH } from '../auth/secrets.js';
import { newId, nowIso, type ServiceContext } from '../context.js';
import { conflict, conflictIfTaken, invalid } from '../errors.js';
import { linkCustomerContact } from './customer-contact.js';

export interface NewUser {
  email: string;
  name: string;
  role: Role;
  password?: string | undefined;
  organizationId?: string | null | undefined;
  departmentId?: string | null | undefined;
  language?: Language | undefined;
}

/** Used by admins (API), the CLI and first-run setup alike, so the rules are the same at every door. */
export async function createUser(
  context: ServiceContext,
  actorUserId: string | null,
  input: NewUser,
  /** The client address of the request that creates the user; null for the command line and first-run setup. */
  clientAddress: string | null = null,
): Promise<UserRow> {
  if (input.password !== undefined && input.password.length < MIN_PASSWORD_LENGTH) {
    throw invalid('errors.passwordTooShort', 'password', { min: MIN_PASSWORD_LENGTH });
  }
  const passwordHash = input.password === undefined ? null : await hashPassword(input.password);
  return context.storage.transaction((trx) => insertCheckedUser(trx, context, actorUserId, input, passwordHash, clientAddress));
}

export async function insertCheckedUser(
  trx: Executor,
  context: ServiceContext,
  actorUserId: string | null,
  input: NewUser,
  passwordHash: string | null,
  clientAddress: string | null = null,
): Promise<UserRow> {
  const organizationId = input.organizationId ?? null;
  if (!isStaffRole(input.role) && organizationId === null) throw invalid('errors.customerNeedsOrganization', 'organizationId');
  if (isStaffRole(input.role) && organizationId !== null) throw invalid('errors.staffHasNoOrganization', 'organizationId');
  if (organizationId !== null && !(await findOrganizationById(trx, organizationId))) {
    throw invalid('errors.unknownReference', 'organizationId', { entity: 'organization', id: organizationId });
  }
  const departmentId = input.departmentId ?? null;
  if (departmentId !== null && !(await findDepartmentById(trx, departmentId))) {
    throw invalid('errors.unknownReference', 'departmentId', { entity: 'department', id: departmentId });
  }
  const at = nowIso(context);
  const id = newId();
  const user = await conflictIfTaken(
    insertUser(trx, {
      id,
      email: input.email.trim().toLowerCase(),
      name: input.name.trim(),
      role: input.role,
      organization_id: organizationId,
      department_id: departmentId,
      password_hash: passwordHash,
      language: input.language ?? 'en',
      created_at: at,
      updated_at: at,
      disabled_at: null,
    }),
    () => conflict('errors.emailTaken', { email: input.email }, 'email'),
  );
  await recordChange(trx, { at, actorUserId, clientAddress, action: 'user.created', entityType: 'user', entityId: id, after: user });
  if (isStaffRole(user.role)) return user;
  // A customer account is a contact of its organisation; the cases it opens name that contact.
  await linkCustomerContact(trx, context, actorUserId, user, clientAddress);
  return (await findUserById(trx, id))!;
}
