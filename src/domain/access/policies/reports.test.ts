import { describe, expect, it } from 'vitest';
import type { Actor } from '../permissions.js';
import { ROLES, type Role } from '../roles.js';
import {
  CUSTOMER_REPORTS,
  mayReadOperationsReports,
  mayReadRepeatFaultReport,
  OPERATIONS_REPORTS,
  operationsReportScope,
  satisfactionReportScope,
  type OperationsReportName,
} from './reports.js';

/** Who reads the repeat-fault report; a customer never does, whatever organisation they belong to. */
const READERS: readonly Role[] = ['admin', 'manager', 'expert'];

const actorOf = (role: Role): Actor => ({ userId: `user-${role}`, role, organizationId: role === 'customer' ? 'org-own' : null });

describe('repeat-fault report policy (role → may read)', () => {
  it.each(ROLES.map((role) => [role, READERS.includes(role)] as const))('%s → %s', (role, allowed) => {
    expect(mayReadRepeatFaultReport(actorOf(role))).toBe(allowed);
  });
});

/**
 * Operations reports: role × admin setting × report × organisation asked for → the organisation filtered by, or
 * refused. Staff keep what they asked for, in every report; a customer is refused without the setting, and with it
 * reads backlog, first response and resolution for their own organisation only (asking for another is refused).
 * Escalations, workload and vendor cases are staff business: refused to a customer, setting or not.
 */
type Scope = { organizationId: string | undefined } | null;
type Row = [Role, boolean, OperationsReportName, string | undefined, Scope];

const staffRows: Row[] = (['admin', 'manager', 'executive'] as const).flatMap((role) =>
  [false, true].flatMap((setting) =>
    OPERATIONS_REPORTS.flatMap((report): Row[] => [
      [role, setting, report, undefined, { organizationId: undefined }],
      [role, setting, report, 'org-other', { organizationId: 'org-other' }],
    ]),
  ),
);
const nonReaderRows: Row[] = (['expert', 'secretary'] as const).flatMap((role) =>
  [false, true].flatMap((setting) => OPERATIONS_REPORTS.map((report): Row => [role, setting, report, undefined, null])),
);
/** The customer's rows written out, so a report moving from one side to the other shows here. */
const customerRows: Row[] = [
  ['customer', false, 'backlog', undefined, null],
  ['customer', false, 'backlog', 'org-own', null],
  ['customer', false, 'first-response', undefined, null],
  ['customer', false, 'resolution', undefined, null],
  ['customer', false, 'escalations', undefined, null],
  ['customer', true, 'backlog', undefined, { organizationId: 'org-own' }],
  ['customer', true, 'backlog', 'org-own', { organizationId: 'org-own' }],
  ['customer', true, 'backlog', 'org-other', null],
  ['customer', true, 'first-response', undefined, { organizationId: 'org-own' }],
  ['customer', true, 'first-response', 'org-other', null],
  ['customer', true, 'resolution', undefined, { organizationId: 'org-own' }],
  ['customer', true, 'resolution', 'org-own', { organizationId: 'org-own' }],
  ['customer', true, 'escalations', undefined, null],
  ['customer', true, 'escalations', 'org-own', null],
  ['customer', true, 'workload', undefined, null],
  ['customer', true, 'workload', 'org-own', null],
  ['customer', true, 'vendor-cases', undefined, null],
  ['customer', true, 'vendor-cases', 'org-own', null],
];
const OPERATIONS: Row[] = [...staffRows, ...nonReaderRows, ...customerRows];

describe('operations report policy (role × setting × report × organisation asked → scope)', () => {
  it.each(OPERATIONS)('%s, customers allowed %s, %s, asking for %s → %j', (role, customersMayRead, report, requested, expected) => {
    expect(operationsReportScope(actorOf(role), report, requested, { customersMayRead })).toEqual(expected);
  });

  it('the customers’ reports are exactly backlog, first response and resolution', () => {
    expect([...CUSTOMER_REPORTS].sort()).toEqual(['backlog', 'first-response', 'resolution']);
  });

  it.each(ROLES.flatMap((role) => [false, true].map((setting) => [role, setting] as const)))(
    'the reports’ tabs show for %s (customers allowed %s) when some report reads',
    (role, customersMayRead) => {
      const someReport = OPERATIONS_REPORTS.some((report) => operationsReportScope(actorOf(role), report, undefined, { customersMayRead }));
      expect(mayReadOperationsReports(actorOf(role), { customersMayRead })).toBe(someReport);
      const expected = ['admin', 'manager', 'executive'].includes(role) || (role === 'customer' && customersMayRead);
      expect(mayReadOperationsReports(actorOf(role), { customersMayRead })).toBe(expected);
    },
  );

  it('refuses a customer user without an organisation even with the setting', () => {
    expect(
      operationsReportScope({ userId: 'u', role: 'customer', organizationId: null }, 'backlog', undefined, { customersMayRead: true }),
    ).toBeNull();
  });
});

/**
 * Satisfaction analysis: staff who read it (admins, managers) keep what they asked for; executives, experts and
 * secretaries never read it; nor does a customer, even while allowed the operations reports (it rates engineers).
 */
const SATISFACTION: [Role, string | undefined, Scope][] = [
  ['admin', undefined, { organizationId: undefined }],
  ['manager', 'org-other', { organizationId: 'org-other' }],
  ['manager', undefined, { organizationId: undefined }],
  ['executive', undefined, null],
  ['expert', undefined, null],
  ['secretary', undefined, null],
  ['customer', undefined, null],
  ['customer', 'org-own', null],
];

describe('satisfaction report policy (role × organisation asked → scope)', () => {
  it.each(SATISFACTION)('%s, asking for %s → %j', (role, requested, expected) => {
    expect(satisfactionReportScope(actorOf(role), requested)).toEqual(expected);
  });
});
