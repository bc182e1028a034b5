import type { Actor } from '../../domain/access/permissions.js';
import { mayCompleteProblemAction, mayReadProblems } from '../../domain/access/policies/problems.js';
import { findProblemAction, findProblemForUpdate, setProblemActionDone } from '../../storage/repositories/problems.js';
import type { ServiceContext } from '../context.js';
import { forbidden, notFound } from '../errors.js';
import { recordProblemEvent } from './problem-access.js';

/** Marks a preventive action done (or not done again): who may change the problem, or the action's owner. */
export async function completePreventiveAction(
  context: ServiceContext,
  actor: Actor,
  problemId: string,
  actionId: string,
  input: { done: boolean },
): Promise<void> {
  await context.storage.transaction(async (trx) => {
    if (!mayReadProblems(actor) || !(await findProblemForUpdate(trx, problemId))) throw notFound('problem', problemId);
    const action = await findProblemAction(trx, problemId, actionId);
    if (!action) throw notFound('preventive action', actionId);
    if (!mayCompleteProblemAction(actor, { ownerUserId: action.owner_user_id })) throw forbidden();
    if ((action.done_at !== null) === input.done) return;
    const at = context.clock.now().toISOString();
    await setProblemActionDone(trx, actionId, input.done ? { done_at: at, done_by: actor.userId } : null);
    await recordProblemEvent(trx, {
      problemId,
      at,
      kind: input.done ? 'problem.action-done' : 'problem.action-reopened',
      actorUserId: actor.userId,
      data: { actionId, description: action.description },
    });
  });
}
