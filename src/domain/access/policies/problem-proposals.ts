import { can, type Actor } from '../permissions.js';

/**
 * Problem proposals of the recurrence detection, and its rules. A proposal is a problem not yet opened, so it follows
 * the problem policy: staff read, experts, managers and admins accept or dismiss, customers see nothing (a proposal
 * names a customer's faults and is internal). The rules are system settings: admins change them, staff read them.
 */

export function mayReadProposals(actor: Actor): boolean {
  return can(actor, 'problems.read');
}

/** Accepting (which opens a problem) and dismissing. */
export function mayDecideProposal(actor: Actor): boolean {
  return can(actor, 'problems.manage');
}

export function mayReadRecurrenceRules(actor: Actor): boolean {
  return can(actor, 'problems.read');
}

export function mayChangeRecurrenceRules(actor: Actor): boolean {
  return can(actor, 'settings.manage');
}

export interface ProposalAbilities {
  decide: boolean;
}

/** What the web app offers on a proposal. */
export function proposalAbilities(actor: Actor, proposal: { status: string }): ProposalAbilities {
  return { decide: mayDecideProposal(actor) && proposal.status === 'open' };
}
