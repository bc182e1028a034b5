import { mayBeNamedForWorkDone } from '../../domain/access/policies/users.js';
import type { Actor } from '../../domain/access/permissions.js';
import type { ServiceActionType } from '../../domain/cases/response-plan.js';
import { insertCaseAction, updateCaseRow, type CaseActionRow } from '../../storage/repositories/cases.js';
import { findUserById } from '../../storage/repositories/users.js';
import { serviceItemBillingColumns } from '../delivered-systems/service-item-billing.js';
import { newId, type ServiceContext } from '../context.js';
import { conflict, invalid } from '../errors.js';
import { loadCaseFor } from './case-access.js';
import { recordCaseEvent } from './case-events.js';
import { firstResponseColumns } from './first-response.js';

export interface ServiceActionInput {
  type: ServiceActionType;
  summary: string;
  startedAt?: string | undefined;
  endedAt?: string | undefined;
  outcome?: string | undefined;
  engineerUserId?: string | undefined;
  plannedStart?: string | undefined;
  plannedEnd?: string | undefined;
  arrivedAt?: string | undefined;
  departedAt?: string | undefined;
}

/**
 * Records phone support, a remote session or an on-site visit on a case, timed and attributed, with its billing
 * (guarantee, contract or chargeable — work the contract does not cover is chargeable). A remote session is refused
 * until the customer's authorisation is on record.
 */
export async function recordServiceAction(
  context: ServiceContext,
  actor: Actor,
  caseId: string,
  input: ServiceActionInput,
): Promise<CaseActionRow> {
  for (const [from, to, field] of [
    [input.startedAt, input.endedAt, 'endedAt'],
    [input.plannedStart, input.plannedEnd, 'plannedEnd'],
    [input.arrivedAt, input.departedAt, 'departedAt'],
  ] as const) {
    if (from && to && Date.parse(to) < Date.parse(from)) throw invalid('errors.endBeforeStart', field);
  }
  return context.storage.transaction(async (trx) => {
    const row = await loadCaseFor(trx, actor, caseId, 'cases.work', { forUpdate: true });
    if (input.type === 'remote' && row.remote_authorized_at === null)
      throw conflict('errors.remoteNotAuthorized', { number: row.number }, 'type');
    if (input.engineerUserId) {
      const engineer = await findUserById(trx, input.engineerUserId);
      if (!engineer || !mayBeNamedForWorkDone(engineer))
        throw invalid('errors.assigneeNotStaff', 'engineerUserId', { id: input.engineerUserId });
    }
    const at = context.clock.now().toISOString();
    // Billed by the contracts in force on the day the work was done, which a late record may place in the past.
    const workAt = input.arrivedAt ?? input.startedAt ?? input.plannedStart ?? at;
    const billing = await serviceItemBillingColumns(trx, row, input.type, new Date(workAt).toISOString());
    const action: CaseActionRow = {
      id: newId(),
      case_id: caseId,
      type: input.type,
      performed_by: actor.userId,
      engineer_user_id: input.type === 'onsite' ? (input.engineerUserId ?? actor.userId) : null,
      started_at: input.startedAt ?? null,
      ended_at: input.endedAt ?? null,
      planned_start: input.plannedStart ?? null,
      planned_end: input.plannedEnd ?? null,
      arrived_at: input.arrivedAt ?? null,
      departed_at: input.departedAt ?? null,
      summary: input.summary,
      outcome: input.outcome ?? null,
      created_at: at,
      billing: billing.billing,
      billing_json: billing.billing_json,
    };
    await insertCaseAction(trx, action);
    await updateCaseRow(trx, caseId, { updated_at: at, ...(await firstResponseColumns(trx, actor, row, at, 'service-action')) });
    await recordCaseEvent(trx, {
      caseId,
      at,
      kind: 'case.action-recorded',
      actorUserId: actor.userId,
      visibility: 'public',
      data: {
        actionId: action.id,
        type: action.type,
        summary: action.summary,
        startedAt: action.started_at,
        endedAt: action.ended_at,
        engineerUserId: action.engineer_user_id,
        plannedStart: action.planned_start,
        plannedEnd: action.planned_end,
        arrivedAt: action.arrived_at,
        departedAt: action.departed_at,
        outcome: action.outcome,
        billing: billing.decision,
      },
    });
    return action;
  });
}
