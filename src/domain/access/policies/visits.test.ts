import { describe, expect, it } from 'vitest';
import type { Actor } from '../permissions.js';
import { ROLES, type Role } from '../roles.js';
import type { VisitStatus } from '../../visits/visit-schedule.js';
import { mayIssueCalendarFeedOf, mayReadVisit, visitRights, type VisitRights } from './visits.js';

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

describe('visit policy: the can object (actor × status × action → offered)', () => {
  const STAFF: Role[] = ['admin', 'manager', 'expert', 'executive', 'secretary'];
  const OFFERED: Record<keyof VisitRights, VisitStatus[]> = {
    arrive: ['scheduled'],
    depart: ['on-site'],
    cancel: ['scheduled', 'on-site'],
  };
  const STATUSES: VisitStatus[] = ['scheduled', 'on-site', 'done', 'cancelled'];
  const cells = (Object.entries(OFFERED) as [keyof VisitRights, VisitStatus[]][]).flatMap(([action, statuses]) =>
    ROLES.flatMap((role) => STATUSES.map((status) => [role, status, action, STAFF.includes(role) && statuses.includes(status)] as const)),
  );
  it.each(cells)('%s on a %s visit: %s → %s', (role, status, action, allowed) => {
    const who: Actor = { userId: `user-${role}`, role, organizationId: role === 'customer' ? 'org-own' : null };
    expect(visitRights(who, { organizationId: 'org-own', status })[action]).toBe(allowed);
  });
});
