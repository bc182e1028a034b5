import type { Actor } from '../../domain/access/permissions.js';
import { canArrive, canCancel, canDepart } from '../../domain/visits/visit-schedule.js';
import type { Executor } from '../../storage/db.js';
import { updateCaseRow } from '../../storage/repositories/cases.js';
import {
  findVisitForUpdate,
  findVisitListRow,
  updateVisit,
  updateVisitAction,
  type VisitListRow,
  type VisitRow,
} from '../../storage/repositories/visits.js';
import { recordChangeBy } from '../audit.js';
import { loadCaseFor } from '../cases/case-access.js';
import { firstResponseColumns } from '../cases/first-response.js';
import type { ServiceContext } from '../context.js';
import { conflict, invalid, notFound, ServiceError } from '../errors.js';
import { recordCaseEvent } from '../cases/case-events.js';
import { serviceItemBillingColumns } from '../delivered-systems/service-item-billing.js';

async function loadVisitFor(executor: Executor, context: ServiceContext, actor: Actor, id: string) {
  const visit = await findVisitForUpdate(executor, id);
  if (!visit) throw notFound('visit', id);
  // A visit of another organisation's case does not exist for the caller, like the case itself.
  const caseRow = await loadCaseFor(executor, actor, visit.case_id, 'visits.manage', { forUpdate: true }).catch((error: unknown) => {
    throw error instanceof ServiceError && error.kind === 'not-found' ? notFound('visit', id) : error;
  });
  return { visit, caseRow };
}

/** A time the engineer reports: defaults to now, may lie in the past (entered afterwards), never in the future. */
function reportedTime(context: ServiceContext, at: string | undefined, field: string): string {
  const now = context.clock.now();
  if (at === undefined) return now.toISOString();
  const parsed = Date.parse(at);
  // A minute of slack for a phone clock that runs ahead.
  if (parsed > now.getTime() + 60_000) throw invalid('serviceLoop.errors.timeInFuture', field);
  return new Date(parsed).toISOString();
}

function refuseState(visit: VisitRow, wanted: string): never {
  throw conflict('serviceLoop.errors.visitState', { status: visit.status, wanted }, 'status', { visitStatus: visit.status });
}

/** The engineer is at the site. */
export async function recordArrival(
  context: ServiceContext,
  actor: Actor,
  id: string,
  input: { at?: string | undefined },
): Promise<VisitListRow> {
  return context.storage.transaction(async (trx) => {
    const { visit, caseRow } = await loadVisitFor(trx, context, actor, id);
    if (!canArrive(visit.status)) refuseState(visit, 'arrival');
    const arrivedAt = reportedTime(context, input.at, 'at');
    const at = context.clock.now().toISOString();
    // The work is billed for the day it is actually done, which may differ from the day it was booked for.
    const billing = await serviceItemBillingColumns(trx, caseRow, 'onsite', arrivedAt);
    await updateVisit(trx, id, { status: 'on-site', arrived_at: arrivedAt, sequence: visit.sequence + 1, updated_at: at });
    await updateVisitAction(trx, visit.action_id, {
      arrived_at: arrivedAt,
      started_at: arrivedAt,
      billing: billing.billing,
      billing_json: billing.billing_json,
    });
    await updateCaseRow(trx, visit.case_id, { updated_at: at, ...(await firstResponseColumns(trx, actor, caseRow, at, 'visit-arrived')) });
    await recordCaseEvent(trx, {
      caseId: visit.case_id,
      at,
      kind: 'visit.arrived',
      actorUserId: actor.userId,
      visibility: 'public',
      data: { visitId: id, actionId: visit.action_id, arrivedAt, site: visit.site, billing: billing.decision },
    });
    await recordChangeBy(trx, actor, at, 'visit.arrive', ['visit', id], { after: { arrivedAt } });
    return (await findVisitListRow(trx, id))!;
  });
}

/**
 * The engineer leaves the site and says what was done. That completes the visit: the on-site service action gets
 * its times and work done, all in one transaction. One service, one survey: the visit is part of its case's
 * service, so the customer is asked about it in the case's survey when the case is resolved, not separately.
 */
export async function recordDeparture(
  context: ServiceContext,
  actor: Actor,
  id: string,
  input: { at?: string | undefined; workDone: string; outcome?: string | undefined },
): Promise<VisitListRow> {
  return context.storage.transaction(async (trx) => {
    const { visit } = await loadVisitFor(trx, context, actor, id);
    if (!canDepart(visit.status)) refuseState(visit, 'departure');
    const departedAt = reportedTime(context, input.at, 'at');
    if (visit.arrived_at && Date.parse(departedAt) < Date.parse(visit.arrived_at)) throw invalid('errors.endBeforeStart', 'at');
    const workDone = input.workDone.trim();
    if (!workDone) throw invalid('serviceLoop.errors.workDoneMissing', 'workDone');
    const at = context.clock.now().toISOString();
    await updateVisit(trx, id, {
      status: 'done',
      departed_at: departedAt,
      work_done: workDone,
      sequence: visit.sequence + 1,
      updated_at: at,
    });
    await updateVisitAction(trx, visit.action_id, {
      departed_at: departedAt,
      ended_at: departedAt,
      summary: workDone,
      outcome: input.outcome?.trim() || null,
    });
    await updateCaseRow(trx, visit.case_id, { updated_at: at });
    await recordCaseEvent(trx, {
      caseId: visit.case_id,
      at,
      kind: 'visit.departed',
      actorUserId: actor.userId,
      visibility: 'public',
      data: { visitId: id, actionId: visit.action_id, arrivedAt: visit.arrived_at, departedAt, workDone, outcome: input.outcome ?? null },
    });
    await recordChangeBy(trx, actor, at, 'visit.depart', ['visit', id], { after: { departedAt, workDone } });
    return (await findVisitListRow(trx, id))!;
  });
}

/** Calls a visit off before the engineer arrives; the calendar feed shows it cancelled. */
export async function cancelVisit(context: ServiceContext, actor: Actor, id: string, input: { reason: string }): Promise<VisitListRow> {
  return context.storage.transaction(async (trx) => {
    const { visit } = await loadVisitFor(trx, context, actor, id);
    if (!canCancel(visit.status)) refuseState(visit, 'cancellation');
    const at = context.clock.now().toISOString();
    await updateVisit(trx, id, { status: 'cancelled', sequence: visit.sequence + 1, updated_at: at });
    await updateVisitAction(trx, visit.action_id, { outcome: `Cancelled: ${input.reason}` });
    await recordCaseEvent(trx, {
      caseId: visit.case_id,
      at,
      kind: 'visit.cancelled',
      actorUserId: actor.userId,
      visibility: 'public',
      data: { visitId: id, reason: input.reason },
    });
    await recordChangeBy(trx, actor, at, 'visit.cancel', ['visit', id], {
      before: { status: visit.status },
      after: { status: 'cancelled', reason: input.reason },
    });
    return (await findVisitListRow(trx, id))!;
  });
}
