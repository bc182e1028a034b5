import { describe, expect, it } from 'vitest';
import type { Actor } from '../permissions.js';
import { ROLES, type Role } from '../roles.js';
import {
  mayChangeTraining,
  mayPlanTraining,
  mayReadTraining,
  mayRecordAttendance,
  trainingRights,
  type TrainingRecord,
  type TrainingRights,
} from './trainings.js';

const OWN = 'org-own';
const OTHER = 'org-other';
const STAFF: Role[] = ['admin', 'manager', 'expert', 'executive', 'secretary'];

const actor = (role: Role): Actor => ({ userId: `user-${role}`, role, organizationId: role === 'customer' ? OWN : null });

/** Who may do what to a training for the customer's own organisation; on another one a customer may do nothing. */
const WHO: Record<string, [(actor: Actor, record: TrainingRecord) => boolean, Role[]]> = {
  read: [mayReadTraining, [...ROLES]],
  plan: [mayPlanTraining, STAFF],
  'record attendance': [mayRecordAttendance, STAFF],
  'change and cancel': [mayChangeTraining, STAFF],
};

describe('training policy (actor × organisation × action → allowed)', () => {
  const cells = Object.entries(WHO).flatMap(([action, [, roles]]) =>
    ROLES.flatMap((role) =>
      [OWN, OTHER].map(
        (organizationId) =>
          [role, organizationId, action, roles.includes(role) && (role !== 'customer' || organizationId === OWN)] as const,
      ),
    ),
  );
  it.each(cells)('%s on a training of %s: %s → %s', (role, organizationId, action, allowed) => {
    expect(WHO[action]![0](actor(role), { organizationId })).toBe(allowed);
  });

  it('a customer user with no organisation may do nothing', () => {
    const orphan: Actor = { userId: 'orphan', role: 'customer', organizationId: null };
    for (const [decide] of Object.values(WHO)) expect(decide(orphan, { organizationId: OWN })).toBe(false);
  });
});

describe('training policy: the can object (actor × organisation × status × action → offered)', () => {
  type Status = 'planned' | 'held' | 'cancelled';
  const OFFERED: Record<keyof TrainingRights, Status[]> = {
    edit: ['planned'],
    cancel: ['planned'],
    recordAttendance: ['planned', 'held'],
  };
  const STATUSES: Status[] = ['planned', 'held', 'cancelled'];
  const cells = (Object.entries(OFFERED) as [keyof TrainingRights, Status[]][]).flatMap(([action, statuses]) =>
    ROLES.flatMap((role) =>
      [OWN, OTHER].flatMap((organizationId) =>
        STATUSES.map((status) => [role, organizationId, status, action, STAFF.includes(role) && statuses.includes(status)] as const),
      ),
    ),
  );
  it.each(cells)('%s on a training of %s, %s: %s → %s', (role, organizationId, status, action, allowed) => {
    expect(trainingRights(actor(role), { organizationId, status })[action]).toBe(allowed);
  });
});
