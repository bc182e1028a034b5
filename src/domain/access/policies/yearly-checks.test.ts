import { describe, expect, it } from 'vitest';
import type { Actor } from '../permissions.js';
import { ROLES, type Role } from '../roles.js';
import { mayReadYearlyChecks, yearlyCheckRights } from './yearly-checks.js';

const STAFF: Role[] = ['admin', 'manager', 'expert', 'executive', 'secretary'];

const actor = (role: Role): Actor => ({ userId: `user-${role}`, role, organizationId: role === 'customer' ? 'org-own' : null });

describe('yearly-check policy (actor × action → allowed)', () => {
  const WHO_MAY: Record<string, [(actor: Actor) => boolean, Role[]]> = {
    'read the yearly checks': [mayReadYearlyChecks, STAFF],
  };
  const cells = Object.entries(WHO_MAY).flatMap(([action, [, roles]]) =>
    ROLES.map((role) => [role, action, roles.includes(role)] as const),
  );
  it.each(cells)('%s: %s → %s', (role, action, allowed) => {
    expect(WHO_MAY[action]![0](actor(role))).toBe(allowed);
  });
});

describe("yearly-check policy: the can object (actor × check's standing × link → offered)", () => {
  const cells = ROLES.flatMap((role) =>
    [false, true].flatMap((opened) => [
      [role, opened ? 'opened' : 'scheduled', 'openCase', opened] as const,
      [role, opened ? 'opened' : 'scheduled', 'openOrganization', true] as const,
    ]),
  );
  it.each(cells)("%s on a %s check of the customer's own organisation: %s → %s", (role, standing, link, allowed) => {
    expect(yearlyCheckRights(actor(role), { organizationId: 'org-own', opened: standing === 'opened' })[link]).toBe(allowed);
  });

  it("offers a customer no link into another organisation's records", () => {
    expect(yearlyCheckRights(actor('customer'), { organizationId: 'org-other', opened: true })).toEqual({
      openCase: false,
      openOrganization: false,
    });
  });
});
