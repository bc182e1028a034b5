import type { Actor } from '../../domain/access/permissions.js';
import { updateProblem } from '../../storage/repositories/problems.js';
import { recordChangeBy } from '../audit.js';
import type { ServiceContext } from '../context.js';
import { textOrNull } from './create-problem.js';
import { loadProblemToChange, recordProblemEvent, requireProblemOwner, writeAffected, type AffectedInput } from './problem-access.js';

export interface ProblemChanges extends AffectedInput {
  title?: string | undefined;
  description?: string | undefined;
  ownerId?: string | undefined;
  rootCause?: string | null | undefined;
  workaround?: string | null | undefined;
}

/** Edits a problem's fields (title, description, owner, root cause, workaround, affected customers and products). */
export async function updateProblemRecord(context: ServiceContext, actor: Actor, id: string, changes: ProblemChanges): Promise<void> {
  await context.storage.transaction(async (trx) => {
    const before = await loadProblemToChange(trx, actor, id);
    if (changes.ownerId !== undefined && changes.ownerId !== before.owner_user_id)
      await requireProblemOwner(trx, changes.ownerId, 'ownerId');
    const at = context.clock.now().toISOString();
    const update = {
      ...(changes.title !== undefined ? { title: changes.title.trim() } : {}),
      ...(changes.description !== undefined ? { description: changes.description.trim() } : {}),
      ...(changes.ownerId !== undefined ? { owner_user_id: changes.ownerId } : {}),
      ...(changes.rootCause !== undefined ? { root_cause: textOrNull(changes.rootCause) } : {}),
      ...(changes.workaround !== undefined ? { workaround: textOrNull(changes.workaround) } : {}),
    };
    const changed = (Object.keys(update) as (keyof typeof update)[]).filter((key) => update[key] !== before[key]);
    await updateProblem(trx, id, { ...update, updated_at: at });
    const affected = await writeAffected(trx, id, changes);
    if (changed.length + affected.length > 0) {
      await recordProblemEvent(trx, {
        problemId: id,
        at,
        kind: 'problem.updated',
        actorUserId: actor.userId,
        data: { fields: [...changed, ...affected], ...Object.fromEntries(changed.map((key) => [key, update[key]])) },
      });
      await recordChangeBy(trx, actor, at, 'problem.updated', ['problem', id], { before, after: { ...update, ...changes } });
    }
  });
}
