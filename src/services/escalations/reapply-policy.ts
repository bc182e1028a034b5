import type { Actor } from '../../domain/access/permissions.js';
import { clockAfterTransition } from '../../domain/escalation/escalation-clock.js';
import { findCaseById, updateCaseRow, type CaseRow } from '../../storage/repositories/cases.js';
import { findPolicyVersion } from '../../storage/repositories/escalations.js';
import type { ServiceContext } from '../context.js';
import { loadCaseFor } from '../cases/case-access.js';
import { recordCaseEvent } from '../cases/case-events.js';
import { loadPolicyVersion, policyVersionForCase } from './escalation-policies.js';
import { clockColumns, clockOf, firstResponseDueColumns, replanLadder } from './escalation-steps.js';
import { fireStepsNow } from './fire-steps-now.js';

/**
 * Moves a case onto the current version of a policy (its own, or another one an admin names). Fired reports stay
 * history; pending steps are planned anew from the same received-at, and any now due fire at once.
 */
export async function reapplyPolicy(
  context: ServiceContext,
  actor: Actor,
  caseId: string,
  input: { policyId?: string | undefined },
): Promise<CaseRow> {
  return context.storage.transaction(async (trx) => {
    const row = await loadCaseFor(trx, actor, caseId, 'policies.manage', { forUpdate: true });
    const now = context.clock.now();
    const at = now.toISOString();
    const currentPolicyId = (await findPolicyVersion(trx, row.policy_version_id))?.policy_id ?? null;
    const version = await policyVersionForCase(trx, input.policyId ?? currentPolicyId, at);
    // The new pause rule holds from now for the status the case is in (e.g. re-applied while waiting on the
    // customer); time counted so far stays counted under the old policy's calendar.
    const status = row.status;
    const previous = await loadPolicyVersion(trx, row.policy_version_id);
    const clock = clockAfterTransition(clockOf(row), previous.calendar, version.policy, status, status, now.getTime());
    await updateCaseRow(trx, caseId, {
      policy_version_id: version.versionId,
      updated_at: at,
      ...clockColumns(clock),
      // An unanswered case's first-response target follows the new policy's target and calendar, from the same start.
      ...firstResponseDueColumns(row, version.policy, row.level),
    });
    await recordCaseEvent(trx, {
      caseId,
      at,
      kind: 'case.policy-reapplied',
      actorUserId: actor.userId,
      visibility: 'internal',
      data: { fromVersionId: row.policy_version_id, toVersionId: version.versionId, policyId: version.policyId, version: version.version },
    });
    const updated = (await findCaseById(trx, caseId))!;
    const { dueStepIds } = await replanLadder(trx, updated, version.policy, now.getTime());
    await fireStepsNow(trx, context, caseId, dueStepIds);
    return (await findCaseById(trx, caseId))!;
  });
}
