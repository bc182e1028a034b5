import { describe, expect, it } from 'vitest';
import { can, PERMISSIONS, permissionsOf, type Actor, type Permission } from './permissions.js';
import { ROLES, type Role } from './roles.js';

const STAFF: Role[] = ['admin', 'manager', 'expert', 'executive', 'secretary'];
const CASE_WORKERS: Role[] = ['admin', 'manager', 'expert', 'executive', 'secretary'];
const EVERYONE: Role[] = [...ROLES];

/**
 * Who holds each permission, written out from the roles in the product description rather than read back from
 * ROLE_PERMISSIONS, so a change to the role table must be made here too, on purpose.
 */
const EXPECTED: Partial<Record<Permission, Role[]>> = {
  'organizations.read': EVERYONE,
  'organizations.manage': ['admin', 'manager', 'secretary'],
  'users.read': STAFF,
  'users.manage': ['admin'],
  'departments.read': STAFF,
  'departments.manage': ['admin'],
  'positions.manage': ['admin'],
  'audit.read': ['admin', 'manager'],
  'tokens.own': EVERYONE,
  'cases.read': EVERYONE,
  'cases.create': EVERYONE,
  'cases.assign': CASE_WORKERS,
  'cases.change-level': CASE_WORKERS,
  'cases.work': CASE_WORKERS,
  'cases.note-internal': CASE_WORKERS,
  'cases.reply-public': EVERYONE,
  'cases.authorize-remote': ['admin', 'customer'],
  'cases.reopen': ['admin', 'customer'],
  'escalations.read': EVERYONE,
  'escalations.acknowledge': CASE_WORKERS,
  'vendor-escalations.manage': CASE_WORKERS,
  'policies.read': STAFF,
  'policies.manage': ['admin', 'manager'],
  'outbox.read': ['admin', 'manager'],
  'outbox.retry': ['admin', 'manager'],
  'settings.manage': ['admin'],
  'config-alerts.read': ['admin', 'manager'],
  'dashboard.read': STAFF,
  'wallboards.manage': ['admin'],
  'notifications.own': EVERYONE,
  'problems.read': STAFF,
  'problems.manage': ['admin', 'manager', 'expert'],
  'problem-actions.complete': STAFF,
  'canned-replies.use': STAFF,
  'canned-replies.share': ['admin', 'manager'],
  'surveys.answer': ['admin', 'customer'],
};

const ORGANIZATION = 'org-own';
const OTHER_ORGANIZATION = 'org-other';

function actor(role: Role): Actor {
  return { userId: `user-${role}`, role, organizationId: role === 'customer' ? ORGANIZATION : null };
}

const cells = (Object.entries(EXPECTED) as [Permission, Role[]][]).flatMap(([permission, allowed]) =>
  ROLES.map((role) => [role, permission, allowed.includes(role)] as const),
);

describe('can(actor, permission, scope)', () => {
  it.each(cells)('%s × %s → %s (role check, no scope)', (role, permission, allowed) => {
    expect(can(actor(role), permission)).toBe(allowed);
  });

  it('covers a good share of the permissions with a written expectation', () => {
    expect(Object.keys(EXPECTED).length).toBeGreaterThanOrEqual(20);
    for (const permission of Object.keys(EXPECTED)) expect(PERMISSIONS).toContain(permission);
  });

  it('gives the admin every permission there is', () => {
    for (const permission of PERMISSIONS) expect(can(actor('admin'), permission)).toBe(true);
    expect(permissionsOf(actor('admin'))).toEqual([...PERMISSIONS]);
  });

  it('lists exactly what `can` allows, in catalogue order', () => {
    for (const role of ROLES) {
      const subject = actor(role);
      expect(permissionsOf(subject)).toEqual(PERMISSIONS.filter((permission) => can(subject, permission)));
    }
  });

  describe('customer organisation scope', () => {
    const customer = actor('customer');

    it('allows records of the own organisation', () => {
      expect(can(customer, 'cases.read', { organizationId: ORGANIZATION })).toBe(true);
      expect(can(customer, 'cases.authorize-remote', { organizationId: ORGANIZATION })).toBe(true);
    });

    it("refuses another organisation's records", () => {
      expect(can(customer, 'cases.read', { organizationId: OTHER_ORGANIZATION })).toBe(false);
      expect(can(customer, 'organizations.read', { organizationId: OTHER_ORGANIZATION })).toBe(false);
    });

    it('refuses company-internal records (null scope)', () => {
      expect(can(customer, 'cases.read', { organizationId: null })).toBe(false);
      expect(can(customer, 'organizations.read', { organizationId: null })).toBe(false);
    });

    it('refuses a permission the role lacks even inside the own organisation', () => {
      expect(can(customer, 'cases.note-internal', { organizationId: ORGANIZATION })).toBe(false);
      expect(can(customer, 'organizations.manage', { organizationId: ORGANIZATION })).toBe(false);
    });

    it('checks only the role when no scope is given', () => {
      expect(can(customer, 'cases.create')).toBe(true);
      expect(can(customer, 'users.read')).toBe(false);
    });

    it('refuses a customer user with no organisation everything scoped', () => {
      const orphan: Actor = { userId: 'user-orphan', role: 'customer', organizationId: null };
      expect(can(orphan, 'cases.read', { organizationId: null })).toBe(false);
      expect(can(orphan, 'cases.read', { organizationId: ORGANIZATION })).toBe(false);
    });
  });

  describe('staff are not limited by organisation', () => {
    it.each(STAFF)('%s may read any organisation and company-internal records', (role) => {
      const staff = actor(role);
      expect(can(staff, 'cases.read', { organizationId: ORGANIZATION })).toBe(true);
      expect(can(staff, 'cases.read', { organizationId: OTHER_ORGANIZATION })).toBe(true);
      expect(can(staff, 'cases.read', { organizationId: null })).toBe(true);
    });

    it('still needs the role permission whatever the scope', () => {
      expect(can(actor('expert'), 'users.manage', { organizationId: null })).toBe(false);
      expect(can(actor('secretary'), 'policies.manage', { organizationId: ORGANIZATION })).toBe(false);
    });
  });
});
