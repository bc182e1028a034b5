import { describe, expect, it } from 'vitest';
import type { Actor } from '../permissions.js';
import { ROLES, type Role } from '../roles.js';
import { mayManageWallboards, mayReadDashboard, wallboardMayCall } from './dashboard.js';

const actorOf = (role: Role): Actor => ({ userId: `user-${role}`, role, organizationId: role === 'customer' ? 'org-own' : null });

/** Role → may read the dashboard, may manage wallboard tokens. */
const ROLE_TABLE: [Role, boolean, boolean][] = [
  ['admin', true, true],
  ['manager', true, false],
  ['expert', true, false],
  ['executive', true, false],
  ['secretary', true, false],
  ['customer', false, false],
];

describe('dashboard policy (role → read, manage wallboards)', () => {
  it('covers every role', () => expect(ROLE_TABLE.map(([role]) => role).sort()).toEqual([...ROLES].sort()));
  it.each(ROLE_TABLE)('%s → read %s, manage %s', (role, read, manage) => {
    expect(mayReadDashboard({ kind: 'user', actor: actorOf(role) })).toBe(read);
    expect(mayManageWallboards(actorOf(role))).toBe(manage);
  });
  it('a wallboard reads the dashboard', () => expect(mayReadDashboard({ kind: 'wallboard', tokenId: 'w1' })).toBe(true));
});

/** Method and route → whether a wallboard token may call it. */
const ROUTE_TABLE: [string, string, boolean][] = [
  ['GET', '/api/v1/dashboard', true],
  ['GET', '/api/v1/dashboard/changes', true],
  ['POST', '/api/v1/dashboard', false],
  ['GET', '/api/v1/cases', false],
  ['GET', '/api/v1/cases/:id', false],
  ['GET', '/api/v1/case-changes', false],
  ['GET', '/api/v1/sessions/current', false],
  ['POST', '/api/v1/sessions', false],
  ['GET', '/api/v1/wallboard-tokens', false],
  ['GET', '/api/v1/health', false],
];

describe('routes a wallboard token opens', () => {
  it.each(ROUTE_TABLE)('%s %s → %s', (method, url, allowed) => expect(wallboardMayCall(method, url)).toBe(allowed));
});
