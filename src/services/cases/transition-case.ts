import type { Actor } from '../../domain/access/permissions.js';
import type { DatabaseTransaction } from '../../storage/db.js';
import { confirmsServiceRecord, transitionsFor } from '../../domain/access/policies/cases.js';
import { checkTransition, isReopen, type CaseStatus } from '../../domain/cases/case-lifecycle.js';
import { clockAfterTransition } from '../../domain/escalation/escalation-clock.js';
import { resolutionWorkingMs } from '../../domain/cases/first-response-target.js';
import { findCaseById, updateCaseRow, type CaseRow } from '../../storage/repositories/cases.js';
import { findUserById } from '../../storage/repositories/users.js';
import type { ServiceContext } from '../context.js';
import { notifyCaseEvent } from '../notifications/notify-case-event.js';
import { conflict, forbidden } from '../errors.js';
import { loadPolicyVersion } from '../escalations/escalation-policies.js';
import { clockColumns, clockOf, replanLadder } from '../escalations/escalation-steps.js';
import { fireStepsNow } from '../escalations/fire-steps-now.js';
import { afterCaseResolved } from '../service-records/after-case-resolved.js';
import { loadCaseFor } from './case-access.js';
import { recordCaseEvent } from './case-events.js';

/**
 * Moves a case through its lifecycle. Resolving stops the escalation clock (and waiting on the customer does too
 * when the policy says so); reopening starts it again, so time spent resolved does not count.
 */
export async function transitionCase(
  context: ServiceContext,
  actor: Actor,
  id: string,
  input: { to: CaseStatus; note?: string | undefined },
): Promise<CaseRow> {
  return context.storage.transaction((trx) => transitionCaseIn(trx, context, actor, id, input));
}

/**
 * `transitionCase` inside the caller's transaction (a mailed reply reopening a case with the reply it stores). The
 * mail's actor is no user: `byContact` then names the contact who wrote, in the timeline (as the contact's account
 * when they have one) and in the notices.
 */
export async function transitionCaseIn(
  trx: DatabaseTransaction,
  context: ServiceContext,
  actor: Actor,
  id: string,
  input: { to: CaseStatus; note?: string | undefined },
  options: { byContact?: { id: string; name: string; userId: string | null } } = {},
): Promise<CaseRow> {
  const row = await loadCaseFor(trx, actor, id, 'cases.read', {
    forUpdate: true,
  });
  const from = row.status;
  const check = checkTransition(from, input.to);
  if (!check.ok)
    throw conflict('errors.illegalTransition', { from, to: input.to, allowed: check.allowed.join(', ') || '—' }, 'to', {
      allowed: check.allowed,
    });
  // A customer's confirmation is the service record's (confirmServiceRecord), never a bare status change.
  if (
    confirmsServiceRecord(actor, input.to) ||
    !transitionsFor(actor, { organizationId: row.organization_id, status: from }).includes(input.to)
  )
    throw forbidden();

  const now = context.clock.now();
  const at = now.toISOString();
  const policy = await loadPolicyVersion(trx, row.policy_version_id);
  const clock = clockAfterTransition(clockOf(row), policy.calendar, policy, from, input.to, now.getTime());
  const update: Partial<CaseRow> = {
    status: input.to,
    updated_at: at,
    ...clockColumns(clock),
  };
  if (input.to === 'resolved') {
    update.resolved_at = at;
    update.resolution_working_ms = resolutionWorkingMs(policy.calendar, Date.parse(row.received_at), now.getTime());
  }
  if (input.to === 'closed') update.closed_at = at;
  if (isReopen(from, input.to)) {
    update.resolved_at = null;
    update.resolution_working_ms = null;
    update.closed_at = null;
  }
  await updateCaseRow(trx, id, update);
  const eventId = await recordCaseEvent(trx, {
    caseId: id,
    at,
    kind: 'case.transitioned',
    actorUserId: options.byContact?.userId ?? actor.userId,
    visibility: 'public',
    data: {
      from,
      to: input.to,
      note: input.note ?? null,
      reopened: isReopen(from, input.to),
      // Named as a mailed note names its contact, so the timeline says who moved it rather than CaseDesk.
      ...(options.byContact ? { contactId: options.byContact.id, authorName: options.byContact.name } : {}),
    },
  });
  const updated = (await findCaseById(trx, id))!;
  const { dueStepIds } = await replanLadder(trx, updated, policy, now.getTime());
  await fireStepsNow(trx, context, id, dueStepIds);
  // Resolution asks the customer to confirm the service record and sends the follow-up survey, in this transaction.
  if (input.to === 'resolved') await afterCaseResolved(trx, context, updated, actor.userId);
  if (isReopen(from, input.to)) {
    const actorName = options.byContact?.name ?? (await findUserById(trx, actor.userId))?.name ?? '';
    await notifyCaseEvent(trx, context, { kind: 'case-reopened', row: updated, actorUserId: actor.userId, actorName, eventKey: eventId });
  }
  return (await findCaseById(trx, id))!;
}
