import { can, type Actor } from '../permissions.js';
import type { Role } from '../roles.js';

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

/** Who is told of a new problem proposal: the experts (they analyse problems across cases, SPEC §6). */
export function rolesToldOfProposals(): readonly Role[] {
  return ['expert'];
}

/**
 * Of the active users of those roles (`rolesToldOfProposals`), who is told of a proposal whose cases were serviced
 * by `departmentIds`: the experts of those departments; failing them (cases with no department, departments with
 * no expert) the experts of the company's default department; failing those every expert, so a proposal always
 * reaches someone who may accept it while any expert exists.
 */
export function proposalRecipients<User extends { role: Role | string; department_id: string | null }>(
  users: readonly User[],
  departmentIds: readonly (string | null)[],
  companyDefaultDepartmentId: string | null,
): User[] {
  const roles: readonly string[] = rolesToldOfProposals();
  const experts = users.filter((user) => roles.includes(user.role));
  const ofCases = experts.filter((user) => user.department_id !== null && departmentIds.includes(user.department_id));
  if (ofCases.length > 0) return ofCases;
  const ofDefault = companyDefaultDepartmentId === null ? [] : experts.filter((user) => user.department_id === companyDefaultDepartmentId);
  return ofDefault.length > 0 ? ofDefault : experts;
}
