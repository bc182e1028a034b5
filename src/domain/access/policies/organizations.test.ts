import { describe, expect, it } from 'vitest';
import type { Actor } from '../permissions.js';
import { ROLES, type Role } from '../roles.js';
import {
  contactRights,
  mayChangeContact,
  mayChangeOrganization,
  mayCreateOrganization,
  mayReadOrganization,
  mayReadSitesAndContacts,
  mayRetireOrganization,
  mayRetireSiteOrContact,
  organizationRights,
  visibleOrganizationFields,
  type OrganizationRecord,
} from './organizations.js';

const OWN = 'org-own';
const OTHER = 'org-other';
const EDITORS: Role[] = ['admin', 'manager', 'secretary'];

const actor = (role: Role): Actor => ({ userId: `user-${role}`, role, organizationId: role === 'customer' ? OWN : null });

/** Who may do what to the customer's own organisation (with its sites and contacts); on another one a customer may do nothing. */
const WHO: Record<string, [(actor: Actor, record: OrganizationRecord) => boolean, Role[]]> = {
  read: [mayReadOrganization, [...ROLES]],
  'read sites and contacts': [mayReadSitesAndContacts, [...ROLES]],
  'change it, its sites and contacts': [mayChangeOrganization, EDITORS],
  'retire or reactivate it': [mayRetireOrganization, EDITORS],
  'retire or reactivate a site or contact': [mayRetireSiteOrContact, EDITORS],
  'edit a contact': [mayChangeContact, EDITORS],
  'be offered Edit on a contact': [(actor, record) => contactRights(actor, record).edit, EDITORS],
  'be offered Retire on a contact': [(actor, record) => contactRights(actor, record).retire, EDITORS],
};

describe('organisation policy (actor × organisation × action → allowed)', () => {
  const cells = Object.entries(WHO).flatMap(([action, [, roles]]) =>
    ROLES.flatMap((role) =>
      [OWN, OTHER].map(
        (organizationId) =>
          [role, organizationId, action, roles.includes(role) && (role !== 'customer' || organizationId === OWN)] as const,
      ),
    ),
  );
  it.each(cells)('%s on organisation of %s: %s → %s', (role, organizationId, action, allowed) => {
    expect(WHO[action]![0](actor(role), { id: organizationId })).toBe(allowed);
  });

  it('a customer user with no organisation may do nothing', () => {
    const orphan: Actor = { userId: 'orphan', role: 'customer', organizationId: null };
    for (const [decide] of Object.values(WHO)) expect(decide(orphan, { id: OWN })).toBe(false);
  });
});

describe('organisation policy: new customers (actor × action → allowed)', () => {
  const WHO_MAY: Record<string, [(actor: Actor) => boolean, Role[]]> = {
    'create an organisation': [mayCreateOrganization, ['admin', 'manager', 'secretary']],
  };
  const cells = Object.entries(WHO_MAY).flatMap(([action, [, roles]]) =>
    ROLES.map((role) => [role, action, roles.includes(role)] as const),
  );
  it.each(cells)('%s: %s → %s', (role, action, allowed) => {
    expect(WHO_MAY[action]![0](actor(role))).toBe(allowed);
  });
});

describe('organisation policy: what a customer page offers (a retired customer takes nothing new)', () => {
  const ADDING = ['addContact', 'addSite', 'addProject', 'addProduct', 'addContract', 'logCase'] as const;

  it.each(ROLES)('%s: an active customer offers adding as far as the role may; a retired one offers no adding', (role) => {
    const open = organizationRights(actor(role), { id: OWN, retired: false });
    const retired = organizationRights(actor(role), { id: OWN, retired: true });
    expect(open.addContact).toBe(EDITORS.includes(role));
    expect(open.addSite).toBe(EDITORS.includes(role));
    for (const action of ADDING) expect({ action, allowed: retired[action] }).toEqual({ action, allowed: false });
    // Editing it and reactivating it stay offered to those who may.
    expect(retired.edit).toBe(EDITORS.includes(role));
    expect(retired.retire).toBe(EDITORS.includes(role));
    expect(retired.edit).toBe(open.edit);
  });

  it('another customer is offered nothing to a customer user', () => {
    const rights = organizationRights(actor('customer'), { id: OTHER, retired: false });
    expect(Object.values(rights).every((allowed) => !allowed)).toBe(true);
  });
});

describe('organisation policy: which fields are shown (actor × organisation × field → shown)', () => {
  const STAFF: Role[] = ROLES.filter((role) => role !== 'customer');
  const cells = ROLES.flatMap((role) =>
    [OWN, OTHER].map((organizationId) => [role, organizationId, 'notes', STAFF.includes(role)] as const),
  );
  it.each(cells)('%s on organisation of %s: %s → %s', (role, organizationId, field, shown) => {
    expect(visibleOrganizationFields(actor(role), { id: organizationId })[field]).toBe(shown);
  });
});
