import type { Actor } from '../../domain/access/permissions.js';
import { mayReadCase } from '../../domain/access/policies/cases.js';
import type { Executor } from '../../storage/db.js';
import { findCaseById, type CaseRow } from '../../storage/repositories/cases.js';
import { findProblemForUpdate, linkProblemCase } from '../../storage/repositories/problems.js';
import { recordCaseEvent } from '../cases/case-events.js';
import type { ServiceContext } from '../context.js';
import { invalid } from '../errors.js';
import { loadProblemToChange, recordProblemEvent } from './problem-access.js';

/** The case a request names, which the actor must be able to read; otherwise the field is at fault. */
export async function caseToLink(executor: Executor, actor: Actor, caseId: string, field: string): Promise<CaseRow> {
  const row = await findCaseById(executor, caseId);
  if (!row || !mayReadCase(actor, { organizationId: row.organization_id }))
    throw invalid('errors.unknownReference', field, { entity: 'case', id: caseId });
  return row;
}

/** Links a case to a problem, in the caller's transaction; linking it again changes nothing. */
export async function linkCaseIn(trx: Executor, actor: Actor, problemId: string, caseRow: CaseRow, at: string): Promise<void> {
  const linked = await linkProblemCase(trx, { problem_id: problemId, case_id: caseRow.id, linked_by: actor.userId, linked_at: at });
  if (linked)
    await recordProblemEvent(trx, {
      problemId,
      at,
      kind: 'problem.case-linked',
      actorUserId: actor.userId,
      data: { caseId: caseRow.id, caseNumber: caseRow.number, caseTitle: caseRow.title },
    });
  if (linked) {
    // The case's own timeline says so too: whoever works the case sees when it became part of a problem.
    const problem = await findProblemForUpdate(trx, problemId);
    await recordCaseEvent(trx, {
      caseId: caseRow.id,
      at,
      kind: 'problem.case-linked',
      actorUserId: actor.userId,
      visibility: 'internal',
      data: { problemId, problemTitle: problem?.title ?? null },
    });
  }
}

/** "Link to a problem" from a case, or "add a case" on a problem: the case is then listed on both. */
export async function linkCaseToProblem(context: ServiceContext, actor: Actor, problemId: string, caseId: string): Promise<void> {
  await context.storage.transaction(async (trx) => {
    await loadProblemToChange(trx, actor, problemId);
    const caseRow = await caseToLink(trx, actor, caseId, 'caseId');
    await linkCaseIn(trx, actor, problemId, caseRow, context.clock.now().toISOString());
  });
}
