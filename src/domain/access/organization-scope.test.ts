import { describe, expect, it } from 'vitest';
import { organizationScope } from './organization-scope.js';
import type { Actor } from './permissions.js';
import { STAFF_ROLES } from './roles.js';

const customer: Actor = { userId: 'c', role: 'customer', organizationId: 'org-own' };
const orphan: Actor = { userId: 'o', role: 'customer', organizationId: null };

describe('organisation scope of lists (actor × requested organisation → scope)', () => {
  const cells: [string, Actor, string | undefined, ReturnType<typeof organizationScope>][] = [
    ['customer, nothing asked', customer, undefined, { organizationId: 'org-own' }],
    ['customer, own asked', customer, 'org-own', { organizationId: 'org-own' }],
    ['customer, another asked', customer, 'org-other', null],
    ['customer without organisation, nothing asked', orphan, undefined, null],
    ['customer without organisation, one asked', orphan, 'org-own', null],
    ...STAFF_ROLES.flatMap((role): [string, Actor, string | undefined, ReturnType<typeof organizationScope>][] => [
      [`${role}, nothing asked`, { userId: role, role, organizationId: null }, undefined, {}],
      [`${role}, one asked`, { userId: role, role, organizationId: null }, 'org-other', { organizationId: 'org-other' }],
    ]),
  ];
  it.each(cells)('%s', (_name, actor, requested, expected) => {
    expect(organizationScope(actor, requested)).toEqual(expected);
  });
});
