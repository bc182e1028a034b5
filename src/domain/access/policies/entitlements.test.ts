import { describe, expect, it } from 'vitest';
import type { Actor } from '../permissions.js';
import { ROLES, type Role } from '../roles.js';
import {
  type EntitlementSubject,
  mayLookUpEntitlement,
  mayReadCaseEntitlement,
  mayRecordCompensation,
  mayRecordExchange,
  mayReEvaluateEntitlement,
} from './entitlements.js';

const OWN = 'org-own';
const OTHER = 'org-other';
const EDITORS: Role[] = ['admin', 'manager', 'secretary'];

const actor = (role: Role): Actor => ({ userId: `user-${role}`, role, organizationId: role === 'customer' ? OWN : null });

/** Who may do what about entitlement of the customer's own organisation's products and cases; on another one a customer may do nothing. */
const WHO: Record<string, [(actor: Actor, record: EntitlementSubject) => boolean, Role[]]> = {
  'look up': [mayLookUpEntitlement, [...ROLES]],
  "read a case's entitlement, exchanges, compensations": [mayReadCaseEntitlement, [...ROLES]],
  're-evaluate': [mayReEvaluateEntitlement, EDITORS],
  'record an exchange': [mayRecordExchange, ['admin', 'manager', 'expert', 'executive']],
  'record a compensation': [mayRecordCompensation, ['admin', 'manager']],
};

describe('entitlement policy (actor × organisation × action → allowed)', () => {
  const cells = Object.entries(WHO).flatMap(([action, [, roles]]) =>
    ROLES.flatMap((role) =>
      [OWN, OTHER].map(
        (organizationId) =>
          [role, organizationId, action, roles.includes(role) && (role !== 'customer' || organizationId === OWN)] as const,
      ),
    ),
  );
  it.each(cells)('%s on a product, customer or case of %s: %s → %s', (role, organizationId, action, allowed) => {
    expect(WHO[action]![0](actor(role), { organizationId })).toBe(allowed);
  });

  it('a customer user with no organisation may do nothing', () => {
    const orphan: Actor = { userId: 'orphan', role: 'customer', organizationId: null };
    for (const [decide] of Object.values(WHO)) expect(decide(orphan, { organizationId: OWN })).toBe(false);
  });
});
