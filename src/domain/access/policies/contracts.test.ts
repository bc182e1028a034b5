import { describe, expect, it } from 'vitest';
import type { Actor } from '../permissions.js';
import { ROLES, type Role } from '../roles.js';
import { type ContractRecord, mayChangeContract, mayCreateContract, mayEndContract, mayReadContract } from './contracts.js';

const OWN = 'org-own';
const OTHER = 'org-other';

const actor = (role: Role): Actor => ({ userId: `user-${role}`, role, organizationId: role === 'customer' ? OWN : null });

/** Who may do what to a service contract of the customer's own organisation; on another one a customer may do nothing. */
const WHO: Record<string, [(actor: Actor, record: ContractRecord) => boolean, Role[]]> = {
  read: [mayReadContract, [...ROLES]],
  create: [mayCreateContract, ['admin', 'manager']],
  change: [mayChangeContract, ['admin', 'manager']],
  end: [mayEndContract, ['admin', 'manager']],
};

describe('contract policy (actor × organisation × action → allowed)', () => {
  const cells = Object.entries(WHO).flatMap(([action, [, roles]]) =>
    ROLES.flatMap((role) =>
      [OWN, OTHER].map(
        (organizationId) =>
          [role, organizationId, action, roles.includes(role) && (role !== 'customer' || organizationId === OWN)] as const,
      ),
    ),
  );
  it.each(cells)('%s on a contract of %s: %s → %s', (role, organizationId, action, allowed) => {
    expect(WHO[action]![0](actor(role), { organizationId })).toBe(allowed);
  });

  it('a customer user with no organisation may do nothing', () => {
    const orphan: Actor = { userId: 'orphan', role: 'customer', organizationId: null };
    for (const [decide] of Object.values(WHO)) expect(decide(orphan, { organizationId: OWN })).toBe(false);
  });
});
