import { can, type Actor } from '../permissions.js';
import type { Role } from '../roles.js';
import { mayTakeWork } from './users.js';

/**
 * Problem records are the company's own analysis of faults across customers (SPEC §6). In this first version
 * customers see no problem at all: a problem names several customers, its root cause and its internal actions.
 * Problems are company records (no organisation scope); a customer has no problem permission.
 */

/** Staff read every problem, its linked cases and its preventive actions. */
export function mayReadProblems(actor: Actor): boolean {
  return can(actor, 'problems.read');
}

/** Opening a problem (also from a case): experts, managers and admins. */
export function mayCreateProblem(actor: Actor): boolean {
  return can(actor, 'problems.manage');
}

/** Editing, moving through the lifecycle, adding preventive actions, linking and unlinking cases. */
export function mayChangeProblem(actor: Actor): boolean {
  return can(actor, 'problems.manage');
}

/** Marking a preventive action done or not done: who may change the problem, or the action's own owner (any staff). */
export function mayCompleteProblemAction(actor: Actor, action: { ownerUserId: string }): boolean {
  return can(actor, 'problems.manage') || (can(actor, 'problem-actions.complete') && action.ownerUserId === actor.userId);
}

const PROBLEM_OWNER_ROLES: readonly Role[] = ['expert', 'manager'];

/** Who may own a problem: an active expert or manager. */
export function mayOwnProblem(user: { role: Role | string; disabled_at: string | null }): boolean {
  return mayTakeWork(user) && (PROBLEM_OWNER_ROLES as readonly string[]).includes(user.role);
}

/** Who may own a preventive action: anyone who may be given work (an active staff user). */
export function mayOwnProblemAction(user: { role: Role | string; disabled_at: string | null }): boolean {
  return mayTakeWork(user);
}

/** Linking knowledge articles to a problem and unlinking them (from either side): who may change it and write articles. */
export function mayLinkProblemArticles(actor: Actor): boolean {
  return mayChangeProblem(actor) && can(actor, 'articles.write');
}

/** Writing a known error up as a draft article in one step: who may link articles, while the problem is a known error. */
export function mayWriteProblemArticle(actor: Actor, problem: { status: string }): boolean {
  return mayLinkProblemArticles(actor) && problem.status === 'known_error';
}

export interface ProblemAbilities {
  change: boolean;
  linkArticles: boolean;
  writeArticle: boolean;
}

/** What the web app offers on a problem. */
export function problemAbilities(actor: Actor, problem: { status: string }): ProblemAbilities {
  return {
    change: mayChangeProblem(actor),
    linkArticles: mayLinkProblemArticles(actor),
    writeArticle: mayWriteProblemArticle(actor, problem),
  };
}
