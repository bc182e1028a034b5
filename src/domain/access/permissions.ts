import type { Role } from './roles.js';

/**
 * Every action a user can take, as one union so a misspelt permission is a compile error. Routes name the
 * permission they need; services check organisation scope with `can`.
 */
export const PERMISSIONS = [
  'organizations.read',
  'organizations.manage',
  'users.read',
  'users.manage',
  'departments.read',
  'departments.manage',
  'positions.manage',
  'audit.read',
  'tokens.own',
  'cases.read',
  'cases.create',
  'cases.update',
  'cases.assign',
  'cases.transition',
  'cases.change-level',
  'cases.work',
  'cases.note-internal',
  'cases.reply-public',
  'cases.authorize-remote',
  'escalations.read',
  'escalations.acknowledge',
  'vendor-escalations.manage',
  'policies.read',
  'policies.manage',
  'outbox.read',
  'config-alerts.read',
  'notifications.own',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const everything: readonly Permission[] = PERMISSIONS;

const caseWork: readonly Permission[] = [
  'organizations.read',
  'users.read',
  'departments.read',
  'tokens.own',
  'cases.read',
  'cases.create',
  'cases.update',
  'cases.assign',
  'cases.transition',
  'cases.change-level',
  'cases.work',
  'cases.note-internal',
  'cases.reply-public',
  'escalations.read',
  'escalations.acknowledge',
  'vendor-escalations.manage',
  'policies.read',
  'notifications.own',
];

/** What each role may do at all; customers are further limited to their own organisation by `can`. */
export const ROLE_PERMISSIONS: Readonly<Record<Role, ReadonlySet<Permission>>> = {
  admin: new Set(everything),
  manager: new Set([...caseWork, 'organizations.manage', 'policies.manage', 'outbox.read', 'config-alerts.read', 'audit.read']),
  expert: new Set(caseWork),
  executive: new Set(caseWork),
  secretary: new Set([...caseWork, 'organizations.manage']),
  customer: new Set<Permission>([
    'organizations.read',
    'tokens.own',
    'cases.read',
    'cases.create',
    'cases.reply-public',
    'cases.authorize-remote',
    'escalations.read',
    'notifications.own',
  ]),
};

export interface Actor {
  userId: string;
  role: Role;
  /** Set for customer users only: the one organisation whose records they may see. */
  organizationId: string | null;
}

/** The organisation a record belongs to; `null` for company-internal records (users, departments, …). */
export interface Scope {
  organizationId: string | null;
}

export function can(actor: Actor, permission: Permission, scope?: Scope): boolean {
  if (!ROLE_PERMISSIONS[actor.role].has(permission)) return false;
  if (actor.role !== 'customer' || scope === undefined) return true;
  return scope.organizationId !== null && scope.organizationId === actor.organizationId;
}

export function permissionsOf(actor: Actor): Permission[] {
  return PERMISSIONS.filter((permission) => ROLE_PERMISSIONS[actor.role].has(permission));
}
