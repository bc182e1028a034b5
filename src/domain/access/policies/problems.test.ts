import { describe, expect, it } from 'vitest';
import type { Actor } from '../permissions.js';
import { ROLES, type Role } from '../roles.js';
import {
  mayChangeProblem,
  mayCompleteProblemAction,
  mayCreateProblem,
  mayLinkProblemArticles,
  mayOwnProblem,
  mayWriteProblemArticle,
  mayOwnProblemAction,
  mayReadProblems,
} from './problems.js';

const STAFF: Role[] = ['admin', 'manager', 'expert', 'executive', 'secretary'];
const CHANGERS: Role[] = ['admin', 'manager', 'expert'];

const actor = (role: Role): Actor => ({ userId: `user-${role}`, role, organizationId: role === 'customer' ? 'org-own' : null });

/** Who may do what to a problem record; customers may do nothing (problems are internal in this version). */
const WHO: Record<string, [(actor: Actor) => boolean, Role[]]> = {
  read: [mayReadProblems, STAFF],
  create: [mayCreateProblem, CHANGERS],
  'change, transition, link cases, add actions': [mayChangeProblem, CHANGERS],
  "complete someone else's action": [(who) => mayCompleteProblemAction(who, { ownerUserId: 'somebody-else' }), CHANGERS],
  'complete their own action': [(who) => mayCompleteProblemAction(who, { ownerUserId: who.userId }), STAFF],
  'link and unlink articles': [mayLinkProblemArticles, CHANGERS],
  'write a known error up as an article': [(who) => mayWriteProblemArticle(who, { status: 'known_error' }), CHANGERS],
  'write an article from a problem still analysed': [(who) => mayWriteProblemArticle(who, { status: 'analysing' }), []],
};

describe('problem policy (actor × action → allowed)', () => {
  const cells = Object.entries(WHO).flatMap(([action, [, roles]]) => ROLES.map((role) => [role, action, roles.includes(role)] as const));
  it.each(cells)('%s: %s → %s', (role, action, allowed) => {
    expect(WHO[action]![0](actor(role))).toBe(allowed);
  });

  const owners = ROLES.flatMap((role) => [null, '2026-01-01T00:00:00.000Z'].map((disabledAt) => [role, disabledAt] as const));
  it.each(owners)('a %s user (disabled at %s) may own a problem only as an active expert or manager', (role, disabledAt) => {
    expect(mayOwnProblem({ role, disabled_at: disabledAt })).toBe(disabledAt === null && (role === 'expert' || role === 'manager'));
    expect(mayOwnProblemAction({ role, disabled_at: disabledAt })).toBe(disabledAt === null && role !== 'customer');
  });
});
