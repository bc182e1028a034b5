import { describe, expect, it } from 'vitest';
import type { CannedReplyScope } from '../../canned-replies/canned-replies.js';
import type { Actor } from '../permissions.js';
import { ROLES, type Role } from '../roles.js';
import {
  mayReadCannedReply,
  mayShareCannedReplies,
  mayWriteCannedReply,
  sharedDepartmentsReadable,
  type DepartmentTies,
} from './canned-replies.js';

function actor(role: Role): Actor {
  return { userId: `user-${role}`, role, organizationId: role === 'customer' ? 'org-own' : null };
}

/** Every actor belongs to `dept-own` and is named manager (or VP in charge) of `dept-led`. */
const TIES: DepartmentTies = { memberOf: 'dept-own', leads: ['dept-led'] };

const REPLIES = ['own personal', "another's personal", 'own department', 'led department', 'other department'] as const;
type Reply = (typeof REPLIES)[number];

function scopeOf(reply: Reply, role: Role): CannedReplyScope {
  switch (reply) {
    case 'own personal':
      return { kind: 'personal', ownerId: `user-${role}` };
    case "another's personal":
      return { kind: 'personal', ownerId: 'user-somebody-else' };
    case 'own department':
      return { kind: 'department', departmentId: 'dept-own' };
    case 'led department':
      return { kind: 'department', departmentId: 'dept-led' };
    case 'other department':
      return { kind: 'department', departmentId: 'dept-other' };
  }
}

/** Written out by hand: which replies each role reads and which it may create, change and delete. */
const TABLE: Record<Role, { read: readonly Reply[]; write: readonly Reply[] }> = {
  admin: {
    read: ['own personal', 'own department', 'led department', 'other department'],
    write: ['own personal', 'own department', 'led department', 'other department'],
  },
  manager: {
    read: ['own personal', 'own department', 'led department'],
    write: ['own personal', 'own department', 'led department'],
  },
  expert: { read: ['own personal', 'own department', 'led department'], write: ['own personal'] },
  executive: { read: ['own personal', 'own department', 'led department'], write: ['own personal'] },
  secretary: { read: ['own personal', 'own department', 'led department'], write: ['own personal'] },
  customer: { read: [], write: [] },
};

describe('canned replies policy', () => {
  it('has a row for every role', () => {
    expect(Object.keys(TABLE).sort()).toEqual([...ROLES].sort());
  });

  for (const [role, expected] of Object.entries(TABLE) as [Role, (typeof TABLE)[Role]][]) {
    for (const reply of REPLIES) {
      it(`${role} × ${reply}: read ${expected.read.includes(reply)}, write ${expected.write.includes(reply)}`, () => {
        expect(mayReadCannedReply(actor(role), TIES, scopeOf(reply, role))).toBe(expected.read.includes(reply));
        expect(mayWriteCannedReply(actor(role), TIES, scopeOf(reply, role))).toBe(expected.write.includes(reply));
      });
    }
  }

  it('lists shared replies of the own and led departments, every department for an admin, none for a customer', () => {
    expect(sharedDepartmentsReadable(actor('admin'), TIES)).toBe('all');
    expect(sharedDepartmentsReadable(actor('expert'), TIES)).toEqual(['dept-own', 'dept-led']);
    expect(sharedDepartmentsReadable(actor('expert'), { memberOf: 'dept-own', leads: ['dept-own'] })).toEqual(['dept-own']);
    expect(sharedDepartmentsReadable(actor('customer'), TIES)).toEqual([]);
  });

  it('offers sharing to a manager with a department, not to one without, nor to an engineer', () => {
    const none: DepartmentTies = { memberOf: null, leads: [] };
    expect(mayShareCannedReplies(actor('manager'), TIES)).toBe(true);
    expect(mayShareCannedReplies(actor('manager'), { memberOf: null, leads: ['dept-led'] })).toBe(true);
    expect(mayShareCannedReplies(actor('manager'), none)).toBe(false);
    expect(mayWriteCannedReply(actor('manager'), none, { kind: 'department', departmentId: 'dept-own' })).toBe(false);
    expect(mayShareCannedReplies(actor('admin'), none)).toBe(true);
    expect(mayShareCannedReplies(actor('expert'), TIES)).toBe(false);
  });
});
