import { describe, expect, it } from 'vitest';
import type { Actor } from '../permissions.js';
import { ROLES, type Role } from '../roles.js';
import {
  mayChangeProject,
  mayCreateProject,
  mayReadProject,
  mayReadProjectAttachments,
  mayRetireProject,
  type ProjectRecord,
} from './projects.js';

const OWN = 'org-own';
const OTHER = 'org-other';
const EDITORS: Role[] = ['admin', 'manager', 'secretary'];

const actor = (role: Role): Actor => ({ userId: `user-${role}`, role, organizationId: role === 'customer' ? OWN : null });

/** Who may do what to a delivered project of the customer's own organisation; on another one a customer may do nothing. */
const WHO: Record<string, [(actor: Actor, record: ProjectRecord) => boolean, Role[]]> = {
  read: [mayReadProject, [...ROLES]],
  'read attachments': [mayReadProjectAttachments, [...ROLES]],
  create: [mayCreateProject, EDITORS],
  'change (and attach files)': [mayChangeProject, EDITORS],
  'retire and reopen': [mayRetireProject, EDITORS],
};

describe('project policy (actor × organisation × action → allowed)', () => {
  const cells = Object.entries(WHO).flatMap(([action, [, roles]]) =>
    ROLES.flatMap((role) =>
      [OWN, OTHER].map(
        (organizationId) =>
          [role, organizationId, action, roles.includes(role) && (role !== 'customer' || organizationId === OWN)] as const,
      ),
    ),
  );
  it.each(cells)('%s on a project of %s: %s → %s', (role, organizationId, action, allowed) => {
    expect(WHO[action]![0](actor(role), { organizationId })).toBe(allowed);
  });

  it('a customer user with no organisation may do nothing', () => {
    const orphan: Actor = { userId: 'orphan', role: 'customer', organizationId: null };
    for (const [decide] of Object.values(WHO)) expect(decide(orphan, { organizationId: OWN })).toBe(false);
  });
});
