import { describe, expect, it } from 'vitest';
import type { Actor } from '../permissions.js';
import { ROLES, type Role } from '../roles.js';
import {
  mayChangeProject,
  mayCreateProject,
  mayReadProject,
  mayReadProjectAttachments,
  mayRetireProject,
  projectRights,
  visibleProjectFields,
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

describe('project policy: the can object and the shown fields (actor × organisation × action → allowed)', () => {
  const STAFF: Role[] = ROLES.filter((role) => role !== 'customer');
  const OFFERED: Record<string, [(actor: Actor, record: ProjectRecord) => boolean, Role[]]> = {
    'be offered Edit': [(who, record) => projectRights(who, record).edit, EDITORS],
    'be offered Close/Reopen': [(who, record) => projectRights(who, record).retire, EDITORS],
    'be offered Upload': [(who, record) => projectRights(who, record).addAttachment, EDITORS],
    'be offered Remove on a file': [(who, record) => projectRights(who, record).removeAttachment, EDITORS],
    'be shown the internal notes': [(who, record) => visibleProjectFields(who, record).notes, STAFF],
  };
  const cells = Object.entries(OFFERED).flatMap(([action, [, roles]]) =>
    ROLES.flatMap((role) =>
      [OWN, OTHER].map(
        (organizationId) =>
          [role, organizationId, action, roles.includes(role) && (role !== 'customer' || organizationId === OWN)] as const,
      ),
    ),
  );
  it.each(cells)('%s on a project of %s: %s → %s', (role, organizationId, action, allowed) => {
    expect(OFFERED[action]![0](actor(role), { organizationId })).toBe(allowed);
  });
});
