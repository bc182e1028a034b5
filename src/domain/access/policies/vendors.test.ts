import { describe, expect, it } from 'vitest';
import type { Actor } from '../permissions.js';
import { ROLES, type Role } from '../roles.js';
import { mayManageVendors, mayReadVendors, mayRetireVendor, vendorRights, type VendorRights } from './vendors.js';

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

describe('vendor policy: the can object (actor × standing × action → offered)', () => {
  const KEEPERS: Role[] = ['admin', 'manager'];
  const OFFERED: Record<keyof VendorRights, boolean[]> = { edit: [false, true], retire: [false], reactivate: [true] };
  const cells = (Object.entries(OFFERED) as [keyof VendorRights, boolean[]][]).flatMap(([action, standings]) =>
    ROLES.flatMap((role) =>
      [false, true].map(
        (retired) => [role, retired ? 'retired' : 'active', action, KEEPERS.includes(role) && standings.includes(retired)] as const,
      ),
    ),
  );
  it.each(cells)('%s on an %s vendor: %s → %s', (role, standing, action, allowed) => {
    expect(vendorRights(actor(role), { retired: standing === 'retired' })[action]).toBe(allowed);
  });
});
