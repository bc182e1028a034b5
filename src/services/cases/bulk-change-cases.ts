import type { Actor } from '../../domain/access/permissions.js';
import type { CaseStatus } from '../../domain/cases/case-lifecycle.js';
import type { ServiceContext } from '../context.js';
import { ServiceError } from '../errors.js';
import { addCaseNote } from './add-case-note.js';
import { transitionCase } from './transition-case.js';
import { updateCase } from './update-case.js';

/** At most this many cases in one bulk change: a screenful of a queue, each in its own transaction. */
export const MAX_BULK_CASES = 200;

export type BulkChange =
  | { type: 'assign'; assigneeId: string | null }
  | { type: 'status'; to: CaseStatus; note?: string | undefined }
  | { type: 'department'; departmentId: string }
  | { type: 'note'; body: string };

export type BulkOutcome = { caseId: string; ok: true } | { caseId: string; ok: false; error: ServiceError };

/**
 * One change applied to each selected case through the same use case a single change takes (`updateCase`,
 * `transitionCase`, `addCaseNote`): the case policy decides for each case, the lifecycle checks each status move,
 * and each case's timeline records it. Every case is its own transaction, so one refusal leaves the others changed;
 * the answer says what happened to each.
 */
export async function bulkChangeCases(
  context: ServiceContext,
  actor: Actor,
  caseIds: readonly string[],
  change: BulkChange,
): Promise<BulkOutcome[]> {
  const outcomes: BulkOutcome[] = [];
  for (const caseId of new Set(caseIds)) {
    try {
      await applyTo(context, actor, caseId, change);
      outcomes.push({ caseId, ok: true });
    } catch (error) {
      if (!(error instanceof ServiceError)) throw error;
      outcomes.push({ caseId, ok: false, error });
    }
  }
  return outcomes;
}

async function applyTo(context: ServiceContext, actor: Actor, caseId: string, change: BulkChange): Promise<void> {
  switch (change.type) {
    case 'assign':
      await updateCase(context, actor, caseId, { assigneeId: change.assigneeId });
      return;
    case 'department':
      await updateCase(context, actor, caseId, { departmentId: change.departmentId });
      return;
    case 'status':
      await transitionCase(context, actor, caseId, { to: change.to, note: change.note });
      return;
    case 'note':
      await addCaseNote(context, actor, caseId, { body: change.body, visibility: 'internal' });
      return;
  }
}
