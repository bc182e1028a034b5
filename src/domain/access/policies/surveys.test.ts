import { describe, expect, it } from 'vitest';
import type { Actor } from '../permissions.js';
import { ROLES, type Role } from '../roles.js';
import {
  lastResortFollowUpOwner,
  mayCloseFollowUp,
  mayAnswerSurvey,
  mayEnterAnswers,
  mayReadFollowUps,
  mayReadSatisfactionReport,
  mayReadSurvey,
  type SurveyRecord,
} from './surveys.js';

const OWN = 'org-own';
const OTHER = 'org-other';

const actor = (role: Role): Actor => ({ userId: `user-${role}`, role, organizationId: role === 'customer' ? OWN : null });

/** Who may do what to a survey of the customer's own organisation; on another one a customer may do nothing. */
const WHO: Record<string, [(actor: Actor, record: SurveyRecord) => boolean, Role[]]> = {
  read: [mayReadSurvey, [...ROLES]],
  'enter answers': [mayEnterAnswers, ['admin', 'manager', 'secretary']],
  'answer in the portal': [mayAnswerSurvey, ['customer']],
};

describe('survey policy (actor × organisation × action → allowed)', () => {
  const cells = Object.entries(WHO).flatMap(([action, [, roles]]) =>
    ROLES.flatMap((role) =>
      [OWN, OTHER].map(
        (organizationId) =>
          [role, organizationId, action, roles.includes(role) && (role !== 'customer' || organizationId === OWN)] as const,
      ),
    ),
  );
  it.each(cells)('%s on a survey of %s: %s → %s', (role, organizationId, action, allowed) => {
    expect(WHO[action]![0](actor(role), { organizationId })).toBe(allowed);
  });

  it('a customer user with no organisation may do nothing', () => {
    const orphan: Actor = { userId: 'orphan', role: 'customer', organizationId: null };
    for (const [decide] of Object.values(WHO)) expect(decide(orphan, { organizationId: OWN })).toBe(false);
  });
});

describe('survey policy: follow-ups and the satisfaction report (actor × action → allowed)', () => {
  const WHO_MAY: Record<string, [(actor: Actor) => boolean, Role[]]> = {
    'read follow-ups': [mayReadFollowUps, ['admin', 'manager']],
    'close a follow-up': [mayCloseFollowUp, ['admin', 'manager']],
    'read the satisfaction report': [mayReadSatisfactionReport, ['admin', 'manager']],
  };
  const cells = Object.entries(WHO_MAY).flatMap(([action, [, roles]]) =>
    ROLES.map((role) => [role, action, roles.includes(role)] as const),
  );
  it.each(cells)('%s: %s → %s', (role, action, allowed) => {
    expect(WHO_MAY[action]![0](actor(role))).toBe(allowed);
  });
});

describe('survey policy: who owns a follow-up nobody else holds (candidates → owner)', () => {
  const user = (id: string, role: Role, createdAt: string) => ({ id, role, created_at: createdAt });
  const first = user('u-admin-first', 'admin', '2026-01-01T00:00:00.000Z');
  const later = user('u-admin-later', 'admin', '2026-02-01T00:00:00.000Z');
  const tieLow = user('u-a', 'admin', '2026-03-01T00:00:00.000Z');
  const tieHigh = user('u-b', 'admin', '2026-03-01T00:00:00.000Z');
  const manager = user('u-manager', 'manager', '2025-01-01T00:00:00.000Z');
  it.each([
    ['the longest-standing admin', [later, first], first],
    ['an admin, never an older manager', [manager, later], later],
    ['on the same day, the lower id', [tieHigh, tieLow], tieLow],
    ['nobody without an admin', [manager], null],
    ['nobody without candidates', [], null],
  ] as const)('%s', (_, candidates, owner) => {
    expect(lastResortFollowUpOwner(candidates)).toEqual(owner);
  });

  it.each(ROLES.map((role) => [role, role === 'admin'] as const))('a %s may own one as the last resort → %s', (role, owns) => {
    expect(lastResortFollowUpOwner([user('u', role, '2026-01-01T00:00:00.000Z')]) !== null).toBe(owns);
  });
});
