import { describe, expect, it } from 'vitest';
import type { Actor } from '../permissions.js';
import { ROLES, type Role } from '../roles.js';
import {
  changeableUserFields,
  mayBeNamedForWorkDone,
  mayHaveCalendarFeed,
  mayChangeRole,
  mayDeactivateUser,
  mayManageUsers,
  mayReadUser,
  mayReadUsers,
  mayTakeWork,
  USER_FIELDS,
} from './users.js';

const STAFF: Role[] = ['admin', 'manager', 'expert', 'executive', 'secretary'];

const actor = (role: Role): Actor => ({ userId: `user-${role}`, role, organizationId: role === 'customer' ? 'org-own' : null });

describe('user policy: reading accounts (actor × whose → allowed)', () => {
  const cells = ROLES.flatMap((role) => [[role, 'own', true] as const, [role, "someone else's", STAFF.includes(role)] as const]);
  it.each(cells)('%s reading %s account → %s', (role, whose, allowed) => {
    const subject = actor(role);
    expect(mayReadUser(subject, { id: whose === 'own' ? subject.userId : 'user-other' })).toBe(allowed);
  });

  it.each(ROLES)('%s lists the users only as staff, manages them only as admin', (role) => {
    expect(mayReadUsers(actor(role))).toBe(STAFF.includes(role));
    expect(mayManageUsers(actor(role))).toBe(role === 'admin');
  });
});

describe('user policy: which fields an actor may change (actor × whose → fields)', () => {
  const cells = ROLES.flatMap((role) => [
    [role, 'own', role === 'admin' ? [...USER_FIELDS] : ['name', 'language']] as const,
    [role, "someone else's", role === 'admin' ? [...USER_FIELDS] : []] as const,
  ]);
  it.each(cells)('%s changing %s account → %j', (role, whose, fields) => {
    const subject = actor(role);
    expect([...changeableUserFields(subject, { id: whose === 'own' ? subject.userId : 'user-other' })].sort()).toEqual([...fields].sort());
  });

  it('an admin deactivates others, never themselves; nobody else deactivates anyone', () => {
    const admin = actor('admin');
    expect(mayDeactivateUser(admin, { id: 'user-other' })).toBe(true);
    expect(mayDeactivateUser(admin, { id: admin.userId })).toBe(false);
    for (const role of ROLES.filter((candidate) => candidate !== 'admin'))
      expect(mayDeactivateUser(actor(role), { id: 'user-other' })).toBe(false);
  });

  const roleChanges = ROLES.flatMap((from) => ROLES.map((to) => [from, to, (from === 'customer') === (to === 'customer')] as const));
  it.each(roleChanges)('a %s account may become %s → %s', (from, to, allowed) => {
    expect(mayChangeRole({ role: from }, to)).toBe(allowed);
  });
});

describe('user policy: who may be given work (role × active → allowed)', () => {
  const cells = ROLES.flatMap((role) => [[role, true, role !== 'customer'] as const, [role, false, false] as const]);
  it.each(cells)('a %s account, active %s → %s', (role, active, allowed) => {
    expect(mayTakeWork({ role, disabled_at: active ? null : '2026-01-01T00:00:00.000Z' })).toBe(allowed);
  });
});

describe('users policy: who may be named for work done, and whose visits a calendar feed carries (role → allowed)', () => {
  const cells = ROLES.flatMap((role) => [
    [role, 'be named as the engineer of recorded work', role !== 'customer'] as const,
    [role, 'have a calendar feed of visits', role !== 'customer'] as const,
  ]);
  it.each(cells)('%s: %s → %s', (role, action, allowed) => {
    const decide = action === 'have a calendar feed of visits' ? mayHaveCalendarFeed : mayBeNamedForWorkDone;
    expect(decide({ role })).toBe(allowed);
  });
});
