import { describe, expect, it } from 'vitest';
import type { Actor } from '../permissions.js';
import { ROLES, type Role } from '../roles.js';
import { mayReadOperationsReports, mayReadRepeatFaultReport, operationsReportScope, satisfactionReportScope } from './reports.js';

/** Who reads the repeat-fault report; a customer never does, whatever organisation they belong to. */
const READERS: readonly Role[] = ['admin', 'manager', 'expert'];

const actorOf = (role: Role): Actor => ({ userId: `user-${role}`, role, organizationId: role === 'customer' ? 'org-own' : null });

describe('repeat-fault report policy (role → may read)', () => {
  it.each(ROLES.map((role) => [role, READERS.includes(role)] as const))('%s → %s', (role, allowed) => {
    expect(mayReadRepeatFaultReport(actorOf(role))).toBe(allowed);
  });
});

/**
 * Operations reports: role × admin setting × organisation asked for → the organisation filtered by, or refused.
 * Staff keep what they asked for; a customer is refused without the setting, and with it reads their own organisation
 * only: asking for another is refused.
 */
const OPERATIONS: [Role, boolean, string | undefined, { organizationId: string | undefined } | null][] = [
  ...(['admin', 'manager', 'executive'] as const).flatMap((role) =>
    [false, true].flatMap((setting) => [
      [role, setting, undefined, { organizationId: undefined }] as [
        Role,
        boolean,
        string | undefined,
        { organizationId: string | undefined },
      ],
      [role, setting, 'org-other', { organizationId: 'org-other' }] as [
        Role,
        boolean,
        string | undefined,
        { organizationId: string | undefined },
      ],
    ]),
  ),
  ...(['expert', 'secretary'] as const).flatMap((role) =>
    [false, true].map((setting) => [role, setting, undefined, null] as [Role, boolean, string | undefined, null]),
  ),
  ['customer', false, undefined, null],
  ['customer', false, 'org-own', null],
  ['customer', true, undefined, { organizationId: 'org-own' }],
  ['customer', true, 'org-own', { organizationId: 'org-own' }],
  ['customer', true, 'org-other', null],
];

describe('operations report policy (role × setting × organisation asked → scope)', () => {
  it.each(OPERATIONS)('%s, customers allowed %s, asking for %s → %j', (role, customersMayRead, requested, expected) => {
    expect(operationsReportScope(actorOf(role), requested, { customersMayRead })).toEqual(expected);
    // Whether the tabs show follows the same rule without a filter.
    if (requested === undefined) expect(mayReadOperationsReports(actorOf(role), { customersMayRead })).toBe(expected !== null);
  });

  it('refuses a customer user without an organisation even with the setting', () => {
    expect(
      operationsReportScope({ userId: 'u', role: 'customer', organizationId: null }, undefined, { customersMayRead: true }),
    ).toBeNull();
  });
});

/**
 * Satisfaction analysis: staff who read it (admins, managers) keep what they asked for; executives, experts and
 * secretaries never read it; a customer under the operations reports' rule.
 */
const SATISFACTION: [Role, boolean, string | undefined, { organizationId: string | undefined } | null][] = [
  ['admin', false, undefined, { organizationId: undefined }],
  ['manager', false, 'org-other', { organizationId: 'org-other' }],
  ['manager', true, undefined, { organizationId: undefined }],
  ['executive', true, undefined, null],
  ['expert', true, undefined, null],
  ['secretary', true, undefined, null],
  ['customer', false, undefined, null],
  ['customer', true, undefined, { organizationId: 'org-own' }],
  ['customer', true, 'org-own', { organizationId: 'org-own' }],
  ['customer', true, 'org-other', null],
];

describe('satisfaction report policy (role × setting × organisation asked → scope)', () => {
  it.each(SATISFACTION)('%s, customers allowed %s, asking for %s → %j', (role, customersMayRead, requested, expected) => {
    expect(satisfactionReportScope(actorOf(role), requested, { customersMayRead })).toEqual(expected);
  });
});
