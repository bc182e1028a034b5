import { describe, expect, it } from 'vitest';
import type { Actor } from '../permissions.js';
import { ROLES, type Role } from '../roles.js';
import { mayManageVendors, mayReadVendors, mayRetireVendor } from './vendors.js';

const STAFF: Role[] = ['admin', 'manager', 'expert', 'executive', 'secretary'];

const actor = (role: Role): Actor => ({ userId: `user-${role}`, role, organizationId: role === 'customer' ? 'org-own' : null });

describe('vendor policy (actor × action → allowed)', () => {
  const WHO_MAY: Record<string, [(actor: Actor) => boolean, Role[]]> = {
    'read vendors': [mayReadVendors, STAFF],
    'add and change vendors': [mayManageVendors, ['admin', 'manager']],
    'retire and reactivate vendors': [mayRetireVendor, ['admin', 'manager']],
  };
  const cells = Object.entries(WHO_MAY).flatMap(([action, [, roles]]) =>
    ROLES.map((role) => [role, action, roles.includes(role)] as const),
  );
  it.each(cells)('%s: %s → %s', (role, action, allowed) => {
    expect(WHO_MAY[action]![0](actor(role))).toBe(allowed);
  });
});
