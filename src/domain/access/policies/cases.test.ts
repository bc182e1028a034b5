import { describe, expect, it } from 'vitest';
import { allowedTransitions, CASE_STATUSES, type CaseStatus } from '../../cases/case-lifecycle.js';
import type { Actor } from '../permissions.js';
import { ROLES, type Role } from '../roles.js';
import {
  caseAbilities,
  confirmsServiceRecord,
  intakeRights,
  mayAddNote,
  mayAssignCase,
  mayOpenCaseFor,
  mayReadCase,
  mayReadCaseAttachment,
  mayUploadCaseAttachment,
  mayUpdateCase,
  similarCasesAccess,
  transitionsFor,
  visibleTimeline,
  type CaseAbilities,
  timelineAuthor,
} from './cases.js';

const OWN = 'org-own';
const OTHER = 'org-other';
const STAFF: Role[] = ['admin', 'manager', 'expert', 'executive', 'secretary'];

function actor(role: Role): Actor {
  return { userId: `user-${role}`, role, organizationId: role === 'customer' ? OWN : null };
}

/**
 * The moves a customer of the case's organisation may make, written out by hand: confirm a resolved case (through
 * its service record) and reopen a resolved, confirmed or closed one. Nothing while the case is being worked on.
 */
const CUSTOMER_MOVES: Record<CaseStatus, CaseStatus[]> = {
  new: [],
  assigned: [],
  diagnosing: [],
  in_progress: [],
  waiting_customer: [],
  waiting_vendor: [],
  resolved: ['confirmed', 'in_progress'],
  confirmed: ['in_progress'],
  closed: ['in_progress'],
};

describe('case policy: transitions (actor × status × organisation → moves)', () => {
  const cells = ROLES.flatMap((role) => CASE_STATUSES.map((status) => [role, status] as const));

  it.each(cells)('%s on a %s case of the own organisation', (role, status) => {
    // Staff follow the state machine itself (its table is tested in case-lifecycle.test.ts).
    const expected = role === 'customer' ? CUSTOMER_MOVES[status] : allowedTransitions(status);
    expect(new Set(transitionsFor(actor(role), { organizationId: OWN, status }))).toEqual(new Set(expected));
  });

  it.each(CASE_STATUSES)("a customer may make no move on another organisation's %s case", (status) => {
    expect(transitionsFor(actor('customer'), { organizationId: OTHER, status })).toEqual([]);
  });

  it('a customer user with no organisation may make no move at all', () => {
    const orphan: Actor = { userId: 'orphan', role: 'customer', organizationId: null };
    for (const status of CASE_STATUSES) expect(transitionsFor(orphan, { organizationId: OWN, status })).toEqual([]);
  });

  it("only a customer's move to confirmed is a service-record confirmation", () => {
    expect(confirmsServiceRecord(actor('customer'), 'confirmed')).toBe(true);
    expect(confirmsServiceRecord(actor('customer'), 'in_progress')).toBe(false);
    for (const role of STAFF) expect(confirmsServiceRecord(actor(role), 'confirmed')).toBe(false);
  });
});

describe('case policy: reading and what is visible', () => {
  const cells: [Role, string, boolean][] = [
    ...STAFF.flatMap((role): [Role, string, boolean][] => [
      [role, OWN, true],
      [role, OTHER, true],
    ]),
    ['customer', OWN, true],
    ['customer', OTHER, false],
  ];
  it.each(cells)('%s reading a case of %s → %s', (role, organizationId, allowed) => {
    expect(mayReadCase(actor(role), { organizationId })).toBe(allowed);
  });

  it.each(ROLES)('%s sees the timeline: all for staff, public entries only for a customer', (role) => {
    expect(visibleTimeline(actor(role))).toBe(role === 'customer' ? 'public' : 'all');
  });
});

type Ability = keyof CaseAbilities;
/** Which actor may do what on a resolved case of the own organisation, as the web app offers it. */
const ABILITIES: Record<Ability, Role[]> = {
  update: STAFF,
  assign: STAFF,
  transition: [...ROLES],
  changeLevel: STAFF,
  work: STAFF,
  noteInternal: STAFF,
  replyPublic: [...ROLES],
  authorizeRemote: [...ROLES],
  readEscalations: [...ROLES],
  acknowledgeEscalations: STAFF,
  manageVendorEscalation: STAFF,
  confirmServiceRecord: ['customer'],
  recordExchange: ['admin', 'manager', 'expert', 'executive'],
  recordCompensation: ['admin', 'manager'],
  seeInternal: STAFF,
};

describe('case policy: the can object (actor × ability → allowed)', () => {
  const cells = (Object.entries(ABILITIES) as [Ability, Role[]][]).flatMap(([ability, roles]) =>
    ROLES.map((role) => [role, ability, roles.includes(role)] as const),
  );
  it.each(cells)('%s × %s → %s', (role, ability, allowed) => {
    expect(caseAbilities(actor(role), { organizationId: OWN, status: 'resolved' })[ability]).toBe(allowed);
  });

  it('offers a customer nothing on a case of another organisation', () => {
    const abilities = caseAbilities(actor('customer'), { organizationId: OTHER, status: 'resolved' });
    expect(Object.entries(abilities).filter(([, allowed]) => allowed)).toEqual([]);
  });

  it('offers a customer no move and no confirmation while the case is being worked on', () => {
    const abilities = caseAbilities(actor('customer'), { organizationId: OWN, status: 'in_progress' });
    expect(abilities.transition).toBe(false);
    expect(abilities.confirmServiceRecord).toBe(false);
  });
});

describe('case policy: what an actor may set when logging a case', () => {
  it.each(ROLES)('%s', (role) => {
    const staff = role !== 'customer';
    expect(intakeRights(actor(role))).toEqual({
      backdate: staff,
      assign: staff,
      mustChooseDepartment: staff,
      ownOrganizationOnly: !staff,
    });
  });
});

describe('case policy: opening, editing, routing and notes (actor × organisation × action → allowed)', () => {
  const WHO: Record<string, [(actor: Actor, record: { organizationId: string }) => boolean, Role[]]> = {
    open: [mayOpenCaseFor, [...ROLES]],
    edit: [mayUpdateCase, STAFF],
    route: [mayAssignCase, STAFF],
    'add an internal note': [(subject, record) => mayAddNote(subject, record, 'internal'), STAFF],
    'reply in public': [(subject, record) => mayAddNote(subject, record, 'public'), [...ROLES]],
    'upload a file': [mayUploadCaseAttachment, [...ROLES]],
  };
  const cells = Object.entries(WHO).flatMap(([action, [, roles]]) =>
    ROLES.flatMap((role) =>
      [OWN, OTHER].map(
        (organizationId) =>
          [role, organizationId, action, roles.includes(role) && (role !== 'customer' || organizationId === OWN)] as const,
      ),
    ),
  );
  it.each(cells)('%s on a case of %s: %s → %s', (role, organizationId, action, allowed) => {
    expect(WHO[action]![0](actor(role), { organizationId })).toBe(allowed);
  });
});

describe('case policy: files on a case (actor × organisation × file → may download)', () => {
  const FILES = {
    'a public reply’s file': { visibility: 'public', sent: true, uploadedBy: 'someone-else' },
    'an internal note’s file': { visibility: 'internal', sent: true, uploadedBy: 'someone-else' },
    'an unsent upload of someone else': { visibility: 'public', sent: false, uploadedBy: 'someone-else' },
  } as const;
  /** Who sees each kind of file on a case of their own organisation, written out by hand. */
  const SEEN_BY: Record<keyof typeof FILES, Role[]> = {
    'a public reply’s file': [...ROLES],
    'an internal note’s file': STAFF,
    'an unsent upload of someone else': [],
  };
  const cells = (Object.keys(FILES) as (keyof typeof FILES)[]).flatMap((file) =>
    ROLES.flatMap((role) =>
      [OWN, OTHER].map(
        (organizationId) =>
          [role, organizationId, file, SEEN_BY[file].includes(role) && (role !== 'customer' || organizationId === OWN)] as const,
      ),
    ),
  );
  it.each(cells)('%s on a case of %s: %s → %s', (role, organizationId, file, allowed) => {
    expect(mayReadCaseAttachment(actor(role), { organizationId }, FILES[file])).toBe(allowed);
  });

  it.each(ROLES)('%s sees their own unsent upload on a case they may read, and not on one of another organisation', (role) => {
    const own = { visibility: 'public', sent: false, uploadedBy: `user-${role}` } as const;
    expect(mayReadCaseAttachment(actor(role), { organizationId: OWN }, own)).toBe(true);
    expect(mayReadCaseAttachment(actor(role), { organizationId: OTHER }, own)).toBe(role !== 'customer');
  });
});

describe('case policy: similar cases (actor × organisation of the case or draft → what the look-up may answer)', () => {
  // Staff see similar cases of every customer, with the problems they are linked to; a customer only their own
  // organisation's, without problems, and nothing at all for a case or draft of another organisation.
  const EXPECTED: [Role, string, ReturnType<typeof similarCasesAccess>][] = [
    ...STAFF.flatMap((role) =>
      [OWN, OTHER].map((organizationId): [Role, string, ReturnType<typeof similarCasesAccess>] => [
        role,
        organizationId,
        { scope: {}, problems: true },
      ]),
    ),
    ['customer', OWN, { scope: { organizationId: OWN }, problems: false }],
    ['customer', OTHER, null],
  ];
  it('covers every role', () => {
    expect(new Set(EXPECTED.map(([role]) => role))).toEqual(new Set(ROLES));
  });
  it.each(EXPECTED)('%s, case of %s → %j', (role, organizationId, expected) => {
    expect(similarCasesAccess(actor(role), organizationId)).toEqual(expected);
  });
  it('a customer user with no organisation gets nothing', () => {
    expect(similarCasesAccess({ userId: 'u', role: 'customer', organizationId: null }, OWN)).toBeNull();
  });
});

describe('timelineAuthor: whose side spoke', () => {
  it.each([
    ['customer', false, 'customer'],
    ['secretary', false, 'staff'],
    ['manager', false, 'staff'],
    ['admin', false, 'staff'],
    [null, true, 'customer'],
    [null, false, 'system'],
  ] as const)('%s (mailed by a contact: %s) → %s', (role, mailed, author) => {
    expect(timelineAuthor(role, mailed)).toBe(author);
  });
});
