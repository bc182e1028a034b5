import type { Actor } from '../../domain/access/permissions.js';
import { mayOwnProblemAction } from '../../domain/access/policies/problems.js';
import { insertProblemAction } from '../../storage/repositories/problems.js';
import { findUserById } from '../../storage/repositories/users.js';
import { newId, type ServiceContext } from '../context.js';
import { invalid } from '../errors.js';
import { loadProblemToChange, recordProblemEvent } from './problem-access.js';

/** Adds a preventive action to a problem: what is to be done, by whom (an active staff user), by which day. */
export async function addPreventiveAction(
  context: ServiceContext,
  actor: Actor,
  problemId: string,
  input: { description: string; ownerId: string; dueOn: string },
): Promise<{ id: string }> {
  return context.storage.transaction(async (trx) => {
    await loadProblemToChange(trx, actor, problemId);
    const owner = await findUserById(trx, input.ownerId);
    if (!owner || !mayOwnProblemAction(owner)) throw invalid('errors.assigneeNotStaff', 'ownerId', { id: input.ownerId });
    const at = context.clock.now().toISOString();
    const id = newId();
    const description = input.description.trim();
    await insertProblemAction(trx, {
      id,
      problem_id: problemId,
      description,
      owner_user_id: owner.id,
      due_on: input.dueOn,
      done_at: null,
      done_by: null,
      overdue_notified_at: null,
      created_by: actor.userId,
      created_at: at,
    });
    await recordProblemEvent(trx, {
      problemId,
      at,
      kind: 'problem.action-added',
      actorUserId: actor.userId,
      data: { actionId: id, description, ownerName: owner.name, dueOn: input.dueOn },
    });
    return { id };
  });
}
