import { describe, expect, it } from 'vitest';
import type { Actor } from '../permissions.js';
import { ROLES, type Role } from '../roles.js';
import type { AssetStatus } from '../../entitlement/product-status.js';
import {
  assetRights,
  type AssetRecord,
  type AssetRights,
  mayChangeAsset,
  mayCreateAsset,
  mayListCaseInProductHistory,
  mayReadAsset,
  visibleAssetFields,
} from './assets.js';

const OWN = 'org-own';
const OTHER = 'org-other';
const EDITORS: Role[] = ['admin', 'manager', 'secretary'];

const actor = (role: Role): Actor => ({ userId: `user-${role}`, role, organizationId: role === 'customer' ? OWN : null });

/** Who may do what to a delivered product of the customer's own organisation; on another one a customer may do nothing. */
const WHO: Record<string, [(actor: Actor, record: AssetRecord) => boolean, Role[]]> = {
  read: [mayReadAsset, [...ROLES]],
  create: [mayCreateAsset, EDITORS],
  change: [mayChangeAsset, EDITORS],
  'list a case in its history': [mayListCaseInProductHistory, [...ROLES]],
};

describe('product policy (actor × organisation × action → allowed)', () => {
  const cells = Object.entries(WHO).flatMap(([action, [, roles]]) =>
    ROLES.flatMap((role) =>
      [OWN, OTHER].map(
        (organizationId) =>
          [role, organizationId, action, roles.includes(role) && (role !== 'customer' || organizationId === OWN)] as const,
      ),
    ),
  );
  it.each(cells)('%s on a product of %s: %s → %s', (role, organizationId, action, allowed) => {
    expect(WHO[action]![0](actor(role), { organizationId })).toBe(allowed);
  });

  it('a customer user with no organisation may do nothing', () => {
    const orphan: Actor = { userId: 'orphan', role: 'customer', organizationId: null };
    for (const [decide] of Object.values(WHO)) expect(decide(orphan, { organizationId: OWN })).toBe(false);
  });
});

describe('product policy: the can object (actor × status × action → offered)', () => {
  const EXCHANGERS: Role[] = ['admin', 'manager', 'expert', 'executive'];
  const APPROVERS: Role[] = ['admin', 'manager'];
  /** For each action: who may, and in which of the product's statuses it is offered. */
  const OFFERED: Record<keyof AssetRights, [Role[], AssetStatus[]]> = {
    edit: [EDITORS, ['in-service', 'retired', 'exchanged']],
    move: [EDITORS, ['in-service']],
    retire: [EDITORS, ['in-service']],
    reactivate: [EDITORS, ['retired']],
    recordExchange: [EXCHANGERS, ['in-service', 'retired']],
    recordCompensation: [APPROVERS, ['in-service', 'retired', 'exchanged']],
  };
  const STATUSES: AssetStatus[] = ['in-service', 'retired', 'exchanged'];
  const cells = (Object.entries(OFFERED) as [keyof AssetRights, [Role[], AssetStatus[]]][]).flatMap(([action, [roles, statuses]]) =>
    ROLES.flatMap((role) => STATUSES.map((status) => [role, status, action, roles.includes(role) && statuses.includes(status)] as const)),
  );
  it.each(cells)('%s on a product %s of the own organisation: %s → %s', (role, status, action, allowed) => {
    expect(assetRights(actor(role), { organizationId: OWN, status })[action]).toBe(allowed);
  });

  it("offers a customer nothing on another organisation's product", () => {
    const rights = assetRights(actor('customer'), { organizationId: OTHER, status: 'in-service' });
    expect(Object.values(rights).some(Boolean)).toBe(false);
  });
});

describe('product policy: which fields are shown (actor × organisation → the notes shown)', () => {
  const cells = ROLES.flatMap((role) => [OWN, OTHER].map((organizationId) => [role, organizationId, role !== 'customer'] as const));
  it.each(cells)('%s on a product of %s: notes → %s', (role, organizationId, shown) => {
    expect(visibleAssetFields(actor(role), { organizationId }).notes).toBe(shown);
  });
});
