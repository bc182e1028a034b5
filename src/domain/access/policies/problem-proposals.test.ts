import { describe, expect, it } from 'vitest';
import type { Actor } from '../permissions.js';
import { ROLES, type Role } from '../roles.js';
import {
  mayChangeRecurrenceRules,
  mayDecideProposal,
  mayReadProposals,
  mayReadRecurrenceRules,
  proposalAbilities,
} from './problem-proposals.js';

const STAFF: Role[] = ['admin', 'manager', 'expert', 'executive', 'secretary'];
const DECIDERS: Role[] = ['admin', 'manager', 'expert'];

const actor = (role: Role): Actor => ({ userId: `user-${role}`, role, organizationId: role === 'customer' ? 'org-own' : null });

/** Who may do what with proposals and recurrence rules; customers nothing. */
const WHO: Record<string, [(actor: Actor) => boolean, Role[]]> = {
  'read proposals': [mayReadProposals, STAFF],
  'accept or dismiss a proposal': [mayDecideProposal, DECIDERS],
  'decide an open proposal (web)': [(who) => proposalAbilities(who, { status: 'open' }).decide, DECIDERS],
  'decide a dismissed proposal (web)': [(who) => proposalAbilities(who, { status: 'dismissed' }).decide, []],
  'read recurrence rules': [mayReadRecurrenceRules, STAFF],
  'change recurrence rules': [mayChangeRecurrenceRules, ['admin']],
};

describe('problem proposal policy (actor × action → allowed)', () => {
  const cells = Object.entries(WHO).flatMap(([action, [, roles]]) => ROLES.map((role) => [role, action, roles.includes(role)] as const));
  it.each(cells)('%s: %s → %s', (role, action, allowed) => {
    expect(WHO[action]![0](actor(role))).toBe(allowed);
  });
});
