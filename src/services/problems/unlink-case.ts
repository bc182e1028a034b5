import type { Actor } from '../../domain/access/permissions.js';
import { findCaseById } from '../../storage/repositories/cases.js';
import { findProblemForUpdate, unlinkProblemCase } from '../../storage/repositories/problems.js';
import { recordCaseEvent } from '../cases/case-events.js';
import type { ServiceContext } from '../context.js';
import { notFound } from '../errors.js';
import { loadProblemToChange, recordProblemEvent } from './problem-access.js';

/** Takes a case off a problem (linked by mistake); a case that is not linked is 404. */
export async function unlinkCaseFromProblem(context: ServiceContext, actor: Actor, problemId: string, caseId: string): Promise<void> {
  await context.storage.transaction(async (trx) => {
    await loadProblemToChange(trx, actor, problemId);
    if (!(await unlinkProblemCase(trx, problemId, caseId))) throw notFound('case link', caseId);
    const caseRow = await findCaseById(trx, caseId);
    const at = context.clock.now().toISOString();
    const problem = await findProblemForUpdate(trx, problemId);
    await recordCaseEvent(trx, {
      caseId,
      at,
      kind: 'problem.case-unlinked',
      actorUserId: actor.userId,
      visibility: 'internal',
      data: { problemId, problemTitle: problem?.title ?? null },
    });
    await recordProblemEvent(trx, {
      problemId,
      at,
      kind: 'problem.case-unlinked',
      actorUserId: actor.userId,
      data: { caseId, caseNumber: caseRow?.number ?? null, caseTitle: caseRow?.title ?? null },
    });
  });
}
