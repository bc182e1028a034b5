import { rolesToldOfConfigurationAlerts } from '../../domain/access/policies/escalations.js';
import { countedAt } from '../../domain/escalation/escalation-clock.js';
import { isDepartmentPosition, type EscalationPosition } from '../../domain/escalation/positions.js';
import type { EscalationPolicy } from '../../domain/escalation/seed-matrix.js';
import {
  configurationAlertWords,
  escalationSubject,
  renderConfigurationAlertMail,
  renderEscalationMail,
} from '../../mail/templates/escalation-mail.js';
import { takeTurnOn, type Executor } from '../../storage/db.js';
import { appendCaseEvent, findCaseById, updateCaseRow, type CaseRow } from '../../storage/repositories/cases.js';
import { findOrganizationById } from '../../storage/repositories/organizations.js';
import {
  insertVendorEscalation,
  listStepsOfCase,
  markStepFired,
  recordStepRecipients,
  recordConfigurationAlert,
  type EscalationStepRow,
} from '../../storage/repositories/escalations.js';
import { findDepartmentById } from '../../storage/repositories/departments.js';
import { listActiveUsersWithRoles, type UserRow } from '../../storage/repositories/users.js';
import { newId, type ServiceContext } from '../context.js';
import { enqueueMail } from '../notifications/enqueue-mail.js';
import { queueEscalationChat } from '../chat/queue-chat-reports.js';
import { notifyUser } from '../notifications/notify-user.js';
import { tellAsChosen } from '../notifications/notification-preferences.js';
import { clockOf, ladderStateOf } from './escalation-steps.js';
import { loadPolicyVersion } from './escalation-policies.js';
import { positionHolder, type UnresolvedCause } from './position-holders.js';
import { vendorForCase, type VendorSupport } from './vendor-lookup.js';
import { words } from '../../i18n/wording.js';

export interface Recipient {
  userId: string;
  email: string;
  name: string;
}

/**
 * Sends one upgrading report: marks the step fired (only if it still is pending — the last guard against a second
 * instance), tells the position holder by e-mail and in the app, records it on the timeline, opens the vendor
 * escalation where the step says so, and raises a configuration alert if nobody holds the position. All of it in
 * the caller's transaction, so it happens entirely or not at all.
 */
export async function fireEscalationStep(
  executor: Executor,
  context: ServiceContext,
  step: EscalationStepRow,
  caseRow?: CaseRow,
): Promise<boolean> {
  const row = caseRow ?? (await findCaseById(executor, step.case_id));
  if (!row) return false;
  const now = context.clock.now();
  const at = now.toISOString();
  const position = step.position;
  const holder = await positionHolder(executor, position, row.department_id, { forShare: true });
  const recipients: Recipient[] = holder ? [{ userId: holder.id, email: holder.email, name: holder.name }] : [];
  if (!(await markStepFired(executor, step.id, at, JSON.stringify(recipients)))) return false;
  await recordStepRecipients(
    executor,
    step,
    recipients.map((recipient) => recipient.userId),
  );

  const policy = await loadPolicyVersion(executor, row.policy_version_id);
  const hoursUnresolved = hoursUnresolvedOf(row, policy, now.getTime());
  const organization = await findOrganizationById(executor, row.organization_id);
  const caseUrl = `${context.publicUrl}/cases/${row.id}`;
  const vendor = step.vendor_report === 1 ? await vendorForCase(executor, row) : null;

  await appendStepEvent(executor, row, step, at, 'escalation.fired', {
    dueAt: step.due_at,
    firedAt: at,
    recipients,
    vendorReport: step.vendor_report === 1,
    unfilled: holder === null,
    hoursUnresolved,
  });

  if (holder) await tellHolder(executor, context, { row, step, holder, hoursUnresolved, customerName: organization?.name ?? '', vendor });

  if (holder === null) await raiseUnfilledPositionAlert(executor, context, row, position, organization?.name ?? '', caseUrl);
  if (step.vendor_report === 1) await openVendorEscalation(executor, row, vendor, at);

  const remaining = (await listStepsOfCase(executor, row.id))
    .map(ladderStateOf)
    .filter((state) => state.status === 'pending' && state.dueAtMs !== null);
  const next = remaining.length === 0 ? null : new Date(Math.min(...remaining.map((state) => state.dueAtMs!))).toISOString();
  await updateCaseRow(executor, row.id, { escalated_at: row.escalated_at ?? at, next_escalation_due_at: next, updated_at: at });
  return true;
}

/** A step's report on the internal timeline: the step (position, level, hours) and what became of its report. */
export async function appendStepEvent(
  executor: Executor,
  row: CaseRow,
  step: EscalationStepRow,
  at: string,
  kind: 'escalation.fired' | 'escalation.delivered',
  facts: Record<string, unknown>,
): Promise<void> {
  await appendCaseEvent(executor, {
    id: newId(),
    case_id: row.id,
    at,
    kind,
    actor_user_id: null,
    visibility: 'internal',
    data_json: JSON.stringify({ position: step.position, level: step.level, afterHours: Number(step.after_hours), ...facts }),
  });
}

/** The upgrading report itself: a mail in the holder's language and an in-app notification, each written once. */
export async function tellHolder(
  executor: Executor,
  context: ServiceContext,
  report: {
    row: CaseRow;
    step: EscalationStepRow;
    holder: UserRow;
    hoursUnresolved: number;
    customerName: string;
    /** The vendor support center the report names, at the step with a vendor report. */
    vendor: VendorSupport | null;
  },
): Promise<void> {
  const { row, holder } = report;
  const position = report.step.position;
  const language = holder.language;
  const caseUrl = `${context.publicUrl}/cases/${row.id}`;
  const mail = renderEscalationMail({
    language,
    recipientName: holder.name,
    caseNumber: row.number,
    caseId: row.id,
    caseTitle: row.title,
    level: row.level,
    position,
    hoursUnresolved: report.hoursUnresolved,
    customerName: report.customerName,
    vendorReport: report.step.vendor_report === 1,
    vendor: report.vendor,
    caseUrl,
  });
  // The step records the holder as told whatever they chose; the channels are theirs to choose.
  const dedupeKey = `escalation:${row.id}:${position}:${holder.id}`;
  await tellAsChosen(executor, context, 'escalation', {
    mail: {
      kind: 'escalation',
      to: holder.email,
      recipientUserId: holder.id,
      language,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      dedupeKey,
      caseId: row.id,
    },
    notification: {
      userId: holder.id,
      language,
      kind: 'escalation',
      caseId: row.id,
      title: escalationSubject({ caseNumber: row.number, level: row.level, hoursUnresolved: report.hoursUnresolved, caseTitle: row.title }),
      body: words('notifications.escalationBody', { hours: report.hoursUnresolved, customer: report.customerName }),
      link: `/cases/${row.id}`,
      dedupeKey,
    },
  });
  // And to the chats the holder and the position added: queued here, posted by the chat sender, apart from the mail.
  await queueEscalationChat(executor, context, {
    caseId: row.id,
    holderUserId: holder.id,
    language,
    position,
    message: {
      caseNumber: row.number,
      caseTitle: row.title,
      level: row.level,
      hoursUnresolved: report.hoursUnresolved,
      customerName: report.customerName,
      position,
      caseUrl,
    },
  });
}

/** Hours a case has counted as unresolved at `nowMs`, to one decimal, as the reports state them. */
export function hoursUnresolvedOf(
  row: Pick<CaseRow, 'clock_counted_ms' | 'clock_running_since'>,
  policy: Pick<EscalationPolicy, 'calendar'>,
  nowMs: number,
): number {
  return Math.floor(countedAt(clockOf(row), policy.calendar, nowMs) / 360_000) / 10;
}

/**
 * Tells admins that a report had nobody to go to, naming the real cause: the case has no servicing department, or
 * the position (of the case's department, or of the company) is empty. The report is delivered once it is fixed.
 */
async function raiseUnfilledPositionAlert(
  executor: Executor,
  context: ServiceContext,
  row: CaseRow,
  position: EscalationPosition,
  customerName: string,
  caseUrl: string,
): Promise<void> {
  const at = context.clock.now().toISOString();
  const departmentScoped = isDepartmentPosition(position);
  const cause: UnresolvedCause = departmentScoped && row.department_id === null ? 'no-department' : 'position-empty';
  const departmentId = departmentScoped ? row.department_id : null;
  const departmentName = departmentId ? ((await findDepartmentById(executor, departmentId))?.name ?? null) : null;
  const key = `unfilled:${position}:${departmentScoped ? (row.department_id ?? 'no-department') : 'company'}`;
  // Alert rows are shared by every case. Two instances' ticks counting two gaps in opposite order would deadlock on
  // them, so on PostgreSQL the writers take turns for the rest of their transaction (SQLite has one writer anyway).
  await takeTurnOn(executor, 'configuration-alerts');
  await recordConfigurationAlert(executor, {
    key,
    kind: cause === 'no-department' ? 'case-without-department' : 'unfilled-position',
    position,
    departmentId,
    caseId: row.id,
    at,
  });
  await appendCaseEvent(executor, {
    id: newId(),
    case_id: row.id,
    at,
    kind: 'configuration.alert',
    actor_user_id: null,
    visibility: 'internal',
    data_json: JSON.stringify({
      alert: cause === 'no-department' ? 'case-without-department' : 'unfilled-position',
      cause,
      position,
      departmentId: row.department_id,
      departmentName,
    }),
  });
  const admins = await listActiveUsersWithRoles(executor, rolesToldOfConfigurationAlerts());
  for (const admin of admins) {
    const language = admin.language;
    const alert = configurationAlertWords({ caseNumber: row.number, customerName, position, cause, departmentName });
    const mail = renderConfigurationAlertMail({
      language,
      caseNumber: row.number,
      caseId: row.id,
      position,
      cause,
      departmentName,
      customerName,
      caseUrl,
      adminUrl: `${context.publicUrl}/admin/${departmentScoped ? 'departments' : 'positions'}`,
    });
    await enqueueMail(executor, context, {
      kind: 'configuration-alert',
      to: admin.email,
      recipientUserId: admin.id,
      language,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      dedupeKey: `configuration-alert:${row.id}:${position}:${admin.id}`,
      caseId: row.id,
    });
    await notifyUser(executor, context, {
      userId: admin.id,
      language,
      kind: 'configuration-alert',
      caseId: row.id,
      title: alert.subject,
      body: alert.body,
      link: `/cases/${row.id}`,
      dedupeKey: `configuration-alert:${row.id}:${position}:${admin.id}`,
    });
  }
}

async function openVendorEscalation(executor: Executor, row: CaseRow, vendor: VendorSupport | null, at: string): Promise<void> {
  const opened = await insertVendorEscalation(executor, {
    id: newId(),
    case_id: row.id,
    vendor_id: vendor?.id ?? null,
    vendor_name: vendor?.name ?? null,
    support_center_json: vendor ? JSON.stringify(vendor.supportCenter) : null,
    vendor_case_number: null,
    status: 'open',
    opened_at: at,
    updated_at: at,
  });
  if (!opened) return;
  await appendCaseEvent(executor, {
    id: newId(),
    case_id: row.id,
    at,
    kind: 'vendor-escalation.opened',
    actor_user_id: null,
    visibility: 'internal',
    data_json: JSON.stringify({
      vendorId: vendor?.id ?? null,
      vendorName: vendor?.name ?? null,
      supportCenter: vendor?.supportCenter ?? null,
    }),
  });
}
