import { acknowledgementRight, maySeeRecipients } from '../../domain/access/policies/escalations.js';
import type { Actor } from '../../domain/access/permissions.js';
import { ESCALATION_POSITIONS, type EscalationPosition } from '../../domain/escalation/positions.js';
import type { Executor } from '../../storage/db.js';
import { listStepsOfCase, type EscalationStepRow } from '../../storage/repositories/escalations.js';
import { findUserNames } from '../../storage/repositories/users.js';
import type { ServiceContext } from '../context.js';
import { loadCaseFor } from '../cases/case-access.js';
import { positionHolder } from './position-holders.js';

export interface LadderRecipient {
  userId: string;
  email: string;
  name: string;
}

export interface LadderStepView {
  id: string;
  afterHours: number;
  position: EscalationPosition;
  level: number;
  vendorReport: boolean;
  status: 'pending' | 'fired';
  dueAt: string | null;
  firedAt: string | null;
  /** Who was told (fired), or who would be told if it fired now (pending); empty when nobody holds the position. */
  recipients: LadderRecipient[];
  unfilled: boolean;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  acknowledgedByName: string | null;
  /** Why an admin acknowledged it for the people it told; null when one of them did. */
  acknowledgedReason: string | null;
  /** What the calling user may do with this step now; acknowledging on someone's behalf needs a reason. */
  can: { acknowledge: boolean; acknowledgeNeedsReason: boolean };
}

/**
 * The case's upgrading-report ladder: every step that fired (history, whatever the level was then) and every step
 * still to come for the current level, in the order they fire. Cancelled steps of a former level are left out.
 */
export async function viewEscalationLadder(context: ServiceContext, actor: Actor, caseId: string): Promise<{ steps: LadderStepView[] }> {
  const db = context.storage.db;
  const row = await loadCaseFor(db, actor, caseId, 'escalations.read');
  const steps = (await listStepsOfCase(db, caseId)).filter((step) => step.status !== 'cancelled');
  const names = await findUserNames(db, [...new Set(steps.flatMap((step) => (step.acknowledged_by ? [step.acknowledged_by] : [])))]);
  const views = await Promise.all(steps.map((step) => present(db, actor, step, row.organization_id, row.department_id, names)));
  views.sort(
    (a, b) =>
      order(a) - order(b) ||
      a.afterHours - b.afterHours ||
      ESCALATION_POSITIONS.indexOf(a.position) - ESCALATION_POSITIONS.indexOf(b.position),
  );
  return { steps: views };
}

function order(step: LadderStepView): number {
  return Date.parse(step.dueAt ?? step.firedAt ?? '9999-12-31T00:00:00Z');
}

async function present(
  executor: Executor,
  actor: Actor,
  step: EscalationStepRow,
  organizationId: string,
  departmentId: string | null,
  names: Map<string, string>,
): Promise<LadderStepView> {
  const forCustomer = !maySeeRecipients(actor);
  let recipients: LadderRecipient[];
  if (step.status === 'fired') {
    recipients = JSON.parse(step.recipients_json ?? '[]') as LadderRecipient[];
  } else {
    const holder = await positionHolder(executor, step.position, departmentId);
    recipients = holder ? [{ userId: holder.id, email: holder.email, name: holder.name }] : [];
  }
  const right =
    step.status === 'fired' && step.acknowledged_at === null
      ? acknowledgementRight(actor, { organizationId, recipientUserIds: recipients.map((recipient) => recipient.userId) })
      : null;
  return {
    id: step.id,
    afterHours: Number(step.after_hours),
    position: step.position,
    level: step.level,
    vendorReport: step.vendor_report === 1,
    status: step.status as 'pending' | 'fired',
    dueAt: step.due_at,
    firedAt: step.fired_at,
    // Customers see that the case was escalated and when, not the staff members' addresses.
    recipients: forCustomer ? [] : recipients,
    unfilled: recipients.length === 0,
    acknowledgedAt: step.acknowledged_at,
    acknowledgedBy: forCustomer ? null : step.acknowledged_by,
    acknowledgedByName: forCustomer || !step.acknowledged_by ? null : (names.get(step.acknowledged_by) ?? null),
    acknowledgedReason: forCustomer ? null : step.acknowledged_reason,
    can: {
      acknowledge: right !== null,
      acknowledgeNeedsReason: right === 'on-behalf',
    },
  };
}
