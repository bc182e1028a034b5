import { mayAcknowledgeStep } from '../../domain/access/policies/escalations.js';
import type { Actor } from '../../domain/access/permissions.js';
import { acknowledgeStep, listStepsOfCase } from '../../storage/repositories/escalations.js';
import type { ServiceContext } from '../context.js';
import { conflict, forbidden, notFound } from '../errors.js';
import { loadCaseFor } from '../cases/case-access.js';
import { recordCaseEvent } from '../cases/case-events.js';

/** A recipient (or an admin on their behalf) confirms that an upgrading report was seen; on the timeline. */
export async function acknowledgeEscalation(context: ServiceContext, actor: Actor, caseId: string, stepId: string): Promise<void> {
  await context.storage.transaction(async (trx) => {
    const row = await loadCaseFor(trx, actor, caseId, 'escalations.acknowledge', { forUpdate: true });
    const step = (await listStepsOfCase(trx, caseId)).find((candidate) => candidate.id === stepId);
    if (!step || step.status === 'cancelled') throw notFound('escalation step', stepId);
    if (step.status !== 'fired') throw conflict('errors.stepNotFired', {}, 'stepId');
    if (step.acknowledged_at !== null) throw conflict('errors.stepAlreadyAcknowledged', {}, 'stepId');
    const recipientUserIds = (JSON.parse(step.recipients_json ?? '[]') as { userId: string }[]).map((recipient) => recipient.userId);
    if (!mayAcknowledgeStep(actor, { organizationId: row.organization_id, recipientUserIds })) throw forbidden();
    const at = context.clock.now().toISOString();
    if (!(await acknowledgeStep(trx, stepId, at, actor.userId))) throw conflict('errors.stepAlreadyAcknowledged', {}, 'stepId');
    await recordCaseEvent(trx, {
      caseId,
      at,
      kind: 'escalation.acknowledged',
      actorUserId: actor.userId,
      visibility: 'internal',
      data: { stepId, position: step.position },
    });
  });
}
