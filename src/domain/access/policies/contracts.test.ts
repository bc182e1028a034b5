import { describe, expect, it } from 'vitest';
import type { Actor } from '../permissions.js';
import { ROLES, type Role } from '../roles.js';
import {
  contractRights,
  type ContractRecord,
  type ContractRights,
  mayChangeContract,
  mayCreateContract,
  mayEndContract,
  mayReadContract,
  visibleContractFields,
} from './contracts.js';

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

describe('contract policy: the can object (actor × organisation × standing × action → offered)', () => {
  const KEEPERS: Role[] = ['admin', 'manager'];
  /** For each action: in which standing (in force or cancelled) it is offered to those who keep contracts. */
  const OFFERED: Record<keyof ContractRights, boolean[]> = {
    edit: [false, true],
    renew: [false, true],
    end: [false],
    reactivate: [true],
  };
  const cells = (Object.entries(OFFERED) as [keyof ContractRights, boolean[]][]).flatMap(([action, standings]) =>
    ROLES.flatMap((role) =>
      [OWN, OTHER].flatMap((organizationId) =>
        [false, true].map(
          (cancelled) =>
            [
              role,
              organizationId,
              cancelled ? 'cancelled' : 'in force',
              action,
              KEEPERS.includes(role) && standings.includes(cancelled),
            ] as const,
        ),
      ),
    ),
  );
  it.each(cells)('%s on a contract of %s, %s: %s → %s', (role, organizationId, standing, action, allowed) => {
    expect(contractRights(actor(role), { organizationId, cancelled: standing === 'cancelled' })[action]).toBe(allowed);
  });

  const fields = ROLES.flatMap((role) => [OWN, OTHER].map((organizationId) => [role, organizationId, role !== 'customer'] as const));
  it.each(fields)('%s on a contract of %s is shown the internal notes → %s', (role, organizationId, shown) => {
    expect(visibleContractFields(actor(role), { organizationId }).notes).toBe(shown);
  });
});
