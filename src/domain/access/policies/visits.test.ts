import { describe, expect, it } from 'vitest';
import type { Actor } from '../permissions.js';
import { ROLES, type Role } from '../roles.js';
import { mayIssueCalendarFeedOf, mayReadVisit } from './visits.js';

const actor = (role: Role): Actor => ({ userId: `user-${role}`, role, organizationId: null });

describe('visit policy: whose calendar feed an actor may make (actor × owner → allowed)', () => {
  const cells = ROLES.flatMap((role) => [
    [role, 'own', true] as const,
    [role, "someone else's", role === 'manager' || role === 'admin'] as const,
  ]);
  it.each(cells)('%s, %s → %s', (role, whose, allowed) => {
    const subject = actor(role);
    expect(mayIssueCalendarFeedOf(subject, whose === 'own' ? subject.userId : 'user-other')).toBe(allowed);
  });
});

describe('visit policy: reading a visit (actor × organisation → allowed)', () => {
  const customer: Actor = { userId: 'user-customer', role: 'customer', organizationId: 'org-own' };
  const cells = ROLES.flatMap((role) =>
    ['org-own', 'org-other'].map((organizationId) => [role, organizationId, role !== 'customer'] as const),
  );
  it.each(cells)('%s reading a visit of %s → %s', (role, organizationId, allowed) => {
    expect(mayReadVisit(role === 'customer' ? customer : actor(role), { organizationId })).toBe(allowed);
  });
});
