import { acknowledgementRight } from '../../domain/access/policies/escalations.js';
import type { Actor } from '../../domain/access/permissions.js';
import { acknowledgeStep, listStepsOfCase } from '../../storage/repositories/escalations.js';
import type { ServiceContext } from '../context.js';
import { conflict, forbidden, invalid, notFound } from '../errors.js';
import { loadCaseFor } from '../cases/case-access.js';
import { recordCaseEvent } from '../cases/case-events.js';

/**
 * A recipient confirms that an upgrading report was seen, or an admin does it for them with a reason; both go on the
 * timeline, and the ladder shows who acknowledged, when, and why when it was done on someone's behalf.
 */
export async function acknowledgeEscalation(
  context: ServiceContext,
  actor: Actor,
  caseId: string,
  stepId: string,
  input: { reason?: string | undefined } = {},
): Promise<void> {
  await context.storage.transaction(async (trx) => {
    const row = await loadCaseFor(trx, actor, caseId, 'escalations.acknowledge', { forUpdate: true });
    const step = (await listStepsOfCase(trx, caseId)).find((candidate) => candidate.id === stepId);
    if (!step || step.status === 'cancelled') throw notFound('escalation step', stepId);
    if (step.status !== 'fired') throw conflict('errors.stepNotFired', {}, 'stepId');
    if (step.acknowledged_at !== null) throw conflict('errors.stepAlreadyAcknowledged', {}, 'stepId');
    const recipients = JSON.parse(step.recipients_json ?? '[]') as { userId: string; name: string }[];
    if (recipients.length === 0) throw conflict('caseNotifications.errors.nobodyTold', {}, 'stepId');
    const right = acknowledgementRight(actor, {
      organizationId: row.organization_id,
      recipientUserIds: recipients.map((recipient) => recipient.userId),
    });
    if (right === null) throw forbidden();
    const reason = right === 'on-behalf' ? (input.reason?.trim() ?? '') : null;
    if (reason === '') throw invalid('caseNotifications.errors.reasonRequired', 'reason');
    const at = context.clock.now().toISOString();
    if (!(await acknowledgeStep(trx, stepId, { at, userId: actor.userId, reason })))
      throw conflict('errors.stepAlreadyAcknowledged', {}, 'stepId');
    await recordCaseEvent(trx, {
      caseId,
      at,
      kind: 'escalation.acknowledged',
      actorUserId: actor.userId,
      visibility: 'internal',
      data: {
        stepId,
        position: step.position,
        ...(reason === null ? {} : { onBehalfOf: recipients.map((recipient) => recipient.name), reason }),
      },
    });
  });
}
