import type { Actor } from '../../domain/access/permissions.js';
import { checkProblemTransition, closingBlockedByActions, type ProblemStatus } from '../../domain/problems/problem-lifecycle.js';
import { listProblemActions, updateProblem } from '../../storage/repositories/problems.js';
import { recordChangeBy } from '../audit.js';
import type { ServiceContext } from '../context.js';
import { conflict } from '../errors.js';
import { loadProblemToChange, recordProblemEvent } from './problem-access.js';

/**
 * Moves a problem through its lifecycle (open → analysing → known error → resolved → closed, and back to analysis
 * when a workaround or fix does not hold). A move the lifecycle does not allow is 409 naming `to`, with the allowed
 * ones; closing while preventive actions are open is 409 too.
 */
export async function transitionProblem(
  context: ServiceContext,
  actor: Actor,
  id: string,
  input: { to: ProblemStatus; note?: string | null | undefined },
): Promise<void> {
  await context.storage.transaction(async (trx) => {
    const row = await loadProblemToChange(trx, actor, id);
    const from = row.status;
    const check = checkProblemTransition(from, input.to);
    if (!check.ok)
      throw conflict('problemRecords.errors.illegalTransition', { from, to: input.to, allowed: check.allowed.join(', ') || '—' }, 'to', {
        allowed: check.allowed,
      });
    const openActions = (await listProblemActions(trx, id)).filter((action) => action.done_at === null).length;
    if (closingBlockedByActions(input.to, openActions)) throw conflict('problemRecords.errors.actionsOpen', { count: openActions }, 'to');
    const at = context.clock.now().toISOString();
    await updateProblem(trx, id, {
      status: input.to,
      updated_at: at,
      ...(input.to === 'resolved' ? { resolved_at: at } : {}),
      ...(input.to === 'closed' ? { closed_at: at } : {}),
      ...(input.to === 'analysing' ? { resolved_at: null, closed_at: null } : {}),
    });
    const note = input.note?.trim() || null;
    await recordProblemEvent(trx, {
      problemId: id,
      at,
      kind: 'problem.transitioned',
      actorUserId: actor.userId,
      data: { from, to: input.to, note },
    });
    await recordChangeBy(trx, actor, at, 'problem.transitioned', ['problem', id], {
      before: { status: from },
      after: { status: input.to, note },
    });
  });
}
