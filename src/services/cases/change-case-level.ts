import type { Actor } from '../../domain/access/permissions.js';
import type { CaseLevel } from '../../domain/cases/levels.js';
import { findCaseById, updateCaseRow, type CaseRow } from '../../storage/repositories/cases.js';
import type { ServiceContext } from '../context.js';
import { conflict } from '../errors.js';
import { loadPolicyVersion } from '../escalations/escalation-policies.js';
import { firstResponseDueColumns, replanLadder } from '../escalations/escalation-steps.js';
import { fireStepsNow } from '../escalations/fire-steps-now.js';
import { loadCaseFor } from './case-access.js';
import { recordCaseEvent } from './case-events.js';

/**
 * Raises or lowers a case's level with a reason. Raising schedules the new level's steps from the same
 * received-at (those already due fire at once); lowering cancels pending steps the new level does not have. An
 * unanswered case's first-response target becomes the new level's, counted from the same start.
 */
export async function changeCaseLevel(
  context: ServiceContext,
  actor: Actor,
  id: string,
  input: { level: CaseLevel; reason: string },
): Promise<CaseRow> {
  return context.storage.transaction(async (trx) => {
    const row = await loadCaseFor(trx, actor, id, 'cases.change-level', { forUpdate: true });
    if (row.level === input.level) throw conflict('errors.levelUnchanged', { level: input.level }, 'level');
    const now = context.clock.now();
    const at = now.toISOString();
    const policy = await loadPolicyVersion(trx, row.policy_version_id);
    // Before the first response the new level's target replaces the old one (see dueAfterLevelChange for the rule).
    await updateCaseRow(trx, id, { level: input.level, updated_at: at, ...firstResponseDueColumns(row, policy, input.level) });
    const { dueStepIds, cancelled, added } = await replanLadder(trx, { ...row, level: input.level }, policy, now.getTime());
    await recordCaseEvent(trx, {
      caseId: id,
      at,
      kind: 'case.level-changed',
      actorUserId: actor.userId,
      visibility: 'public',
      data: { from: row.level, to: input.level, reason: input.reason, direction: input.level < row.level ? 'raised' : 'lowered' },
    });
    if (cancelled.length > 0 || added.length > 0) {
      await recordCaseEvent(trx, {
        caseId: id,
        at,
        kind: 'escalation.replanned',
        actorUserId: actor.userId,
        visibility: 'internal',
        data: { cancelled, added },
      });
    }
    await fireStepsNow(trx, context, id, dueStepIds);
    return (await findCaseById(trx, id))!;
  });
}
