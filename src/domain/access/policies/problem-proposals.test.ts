import { describe, expect, it } from 'vitest';
import type { Actor } from '../permissions.js';
import { ROLES, type Role } from '../roles.js';
import {
  mayChangeRecurrenceRules,
  mayDecideProposal,
  mayReadProposals,
  mayReadRecurrenceRules,
  proposalAbilities,
  proposalRecipients,
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

describe('problem-proposal policy: who is told of a proposal (users × departments of its cases → told)', () => {
  const user = (id: string, role: Role, department: string | null) => ({ id, role, department_id: department });
  const networkExpert = user('expert-network', 'expert', 'network');
  const defaultExpert = user('expert-default', 'expert', 'default');
  const homeless = user('expert-none', 'expert', null);
  const networkManager = user('manager-network', 'manager', 'network');
  const everyone = [networkExpert, defaultExpert, homeless, networkManager];
  it.each([
    ["the experts of the cases' departments", everyone, ['network'], 'default', ['expert-network']],
    ['failing those, the default department’s', everyone, ['storage', null], 'default', ['expert-default']],
    ['failing those, every expert', [networkExpert, homeless, networkManager], [null], 'default', ['expert-network', 'expert-none']],
    ['every expert when there is no default department', everyone, ['storage'], null, ['expert-network', 'expert-default', 'expert-none']],
    ['nobody when there is no expert', [networkManager], ['network'], 'default', []],
  ] as const)('%s', (_, users, departments, companyDefault, told) => {
    expect(proposalRecipients(users, departments, companyDefault).map((told) => told.id)).toEqual(told);
  });

  it.each(ROLES.map((role) => [role, role === 'expert'] as const))('a %s is told → %s', (role, told) => {
    expect(proposalRecipients([user('u', role, 'network')], ['network'], null).length > 0).toBe(told);
  });
});
