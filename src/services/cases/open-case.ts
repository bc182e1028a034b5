import { isStaffRole } from '../../domain/access/roles.js';
import { intakeRights } from '../../domain/access/policies/cases.js';
import { serialKey } from '../../storage/repositories/assets.js';
import type { Transaction } from 'kysely';
import { can, type Actor } from '../../domain/access/permissions.js';
import { addWorkingMs } from '../../domain/calendar/business-calendar.js';
import { startClock } from '../../domain/escalation/escalation-clock.js';
import { defaultKindForLevel, type CaseKind, type CaseLevel } from '../../domain/cases/levels.js';
import type { Database } from '../../storage/schema.js';
import { isForeignKeyViolation, type Executor } from '../../storage/db.js';
import { writeNewCaseWithOthers } from '../../storage/new-case-batches.js';
import {
  findCaseListRow,
  insertNewCase,
  insertsNewCaseInOneStatement,
  type CaseListRow,
  type CaseRow,
  type NewCase,
} from '../../storage/repositories/cases.js';
import { findDepartmentById, findServicingDefaults } from '../../storage/repositories/departments.js';
import { findContactById, findOrganizationById } from '../../storage/repositories/organizations.js';
import { findUserById } from '../../storage/repositories/users.js';
import { newId, type ServiceContext } from '../context.js';
import { contactOfCustomer } from '../people/customer-contact.js';
import { invalid, notFound } from '../errors.js';
import { fireStepsNow } from '../escalations/fire-steps-now.js';
import { policyVersionForCase } from '../escalations/escalation-policies.js';
import { planLadderChanges } from '../escalations/escalation-steps.js';
import { caseEventRow } from './case-events.js';
import { mailAcknowledgement } from './case-mail.js';
import { readHotlineNumber } from '../settings/service-desk-settings.js';
import { decideCaseEntitlement } from '../delivered-systems/decide-case-entitlement.js';

export const CASE_CHANNELS = ['hotline', 'email', 'portal', 'remote', 'onsite', 'api'] as const;
export type CaseChannel = (typeof CASE_CHANNELS)[number];

export interface OpenCaseInput {
  organizationId: string;
  contactId?: string | null | undefined;
  departmentId?: string | null | undefined;
  assigneeId?: string | null | undefined;
  channel: CaseChannel;
  level: CaseLevel;
  kind?: CaseKind | undefined;
  title: string;
  description: string;
  serialNumbers?: string[] | undefined;
  receivedAt?: string | undefined;
  /**
   * For work the company schedules itself (a yearly check opened ahead of its date): the escalation clock starts at
   * this instant instead of at received-at, so nobody is told a planned visit is late before its day. Not an API field.
   */
  clockStartsAt?: string | undefined;
  /**
   * Work the company opens itself (a yearly check) still opens when no department exists at all; a person logging a
   * call must name one. Not an API field.
   */
  departmentOptional?: boolean | undefined;
}

/** A call may be logged a little after the fact, never before it happened; allow for clock skew between machines. */
const FUTURE_TOLERANCE_MS = 60_000;

/**
 * Logs a customer service request as a case: numbers it (gap-free per year), decides the billing class from the
 * serial numbers, schedules its upgrading-report ladder from received-at and fires at once the steps that are
 * already due (a call logged late). One transaction: the case exists completely or not at all.
 */
export async function openCase(
  context: ServiceContext,
  actor: Actor,
  input: OpenCaseInput,
  executor?: Transaction<Database>,
): Promise<CaseListRow> {
  const rights = intakeRights(actor);
  if (!can(actor, 'cases.create', { organizationId: input.organizationId })) {
    throw rights.ownOrganizationOnly
      ? invalid('errors.notYourOrganization', 'organizationId')
      : invalid('errors.forbidden', 'organizationId');
  }
  if (!rights.backdate && input.receivedAt !== undefined) throw invalid('errors.customerCannotBackdate', 'receivedAt');
  const now = context.clock.now();
  const receivedAtMs = input.receivedAt ? Date.parse(input.receivedAt) : now.getTime();
  if (receivedAtMs > now.getTime() + FUTURE_TOLERANCE_MS) throw invalid('errors.receivedInFuture', 'receivedAt');
  if (!rights.assign && (input.departmentId || input.assigneeId))
    throw invalid('errors.customerCannotAssign', input.departmentId ? 'departmentId' : 'assigneeId');
  // A serial number named twice in different letter cases is one product.
  const serialNumbers = [
    ...new Map(
      (input.serialNumbers ?? [])
        .map((serial) => serial.trim())
        .filter(Boolean)
        .map((serial) => [serialKey(serial), serial]),
    ).values(),
  ];

  // Everything the intake reads comes first, outside the write: on PostgreSQL the reads run side by side on pooled
  // connections, and the write is then a single statement (see insertNewCase).
  const reader = executor ?? context.storage.db;
  // The organisation and department are guarded by foreign keys (checked precisely only if one fails, below);
  // a contact and an assignee need more than existence, so they are checked here.
  if (executor) await checkReferences(executor, input);
  else await checkContactAndAssignee(reader, input);
  const at = now.toISOString();
  // A customer's own case names them: they hear of its confirmation and survey.
  const contactId = input.contactId ?? (rights.ownOrganizationOnly ? await contactOfCustomer(reader, actor.userId) : null);
  // Most cases follow the default policy, so it is read beside the entitlement; a contract naming its own policy
  // costs one more read after.
  // A case the secretary assigns needs no defaults; the others (portal, API) read them beside the entitlement.
  // The contact hears that the case is logged (below), so its address and the hotline number are read alongside.
  const [entitlement, defaultPolicy, defaults, contact, hotlineNumber] = await Promise.all([
    decideCaseEntitlement(reader, { organizationId: input.organizationId, serialNumbers, at }),
    policyVersionForCase(reader, null, at),
    input.departmentId ? null : findServicingDefaults(reader, input.organizationId),
    contactId ? findContactById(reader, contactId) : undefined,
    contactId ? readHotlineNumber(reader) : null,
  ]);
  const acknowledged = contact?.email ? contact : null;
  // Every case has a department to escalate to from its first minute: the one named, else the contract's default,
  // else the customer's, else the company's.
  const departmentId = input.departmentId ?? entitlement?.departmentId ?? defaults?.organizationDefault ?? defaults?.companyDefault ?? null;
  // Staff choose one at the hotline; a customer's case is taken in regardless and alerted if there is none.
  if (departmentId === null && rights.mustChooseDepartment && !input.departmentOptional)
    throw invalid('errors.departmentRequired', 'departmentId');
  const policyVersion = entitlement?.policyId ? await policyVersionForCase(reader, entitlement.policyId, at) : defaultPolicy;
  const clock = startClock(Math.max(receivedAtMs, input.clockStartsAt ? Date.parse(input.clockStartsAt) : receivedAtMs));
  const firstResponseDue = addWorkingMs(
    policyVersion.policy.calendar,
    clock.runningSince!,
    policyVersion.policy.firstResponseMinutes[input.level] * 60_000,
  );
  const id = newId();
  const row: CaseRow = {
    id,
    // Assigned on write, from the year's counter.
    number: '',
    organization_id: input.organizationId,
    contact_id: contactId,
    department_id: departmentId,
    assignee_user_id: input.assigneeId ?? null,
    channel: input.channel,
    level: input.level,
    kind: input.kind ?? defaultKindForLevel(input.level),
    title: input.title.trim(),
    description: input.description,
    status: input.assigneeId ? 'assigned' : 'new',
    received_at: new Date(receivedAtMs).toISOString(),
    created_at: at,
    updated_at: at,
    created_by: actor.userId,
    policy_version_id: policyVersion.versionId,
    clock_counted_ms: clock.countedMs,
    clock_running_since: new Date(clock.runningSince!).toISOString(),
    next_escalation_due_at: null,
    escalated_at: null,
    first_response_due_at: new Date(firstResponseDue).toISOString(),
    first_responded_at: null,
    remote_authorized_at: null,
    remote_authorized_by: null,
    billing: entitlement?.billing ?? null,
    entitlement_json: entitlement ? JSON.stringify(entitlement) : null,
    vendor_id: entitlement?.vendorId ?? null,
    resolved_at: null,
    closed_at: null,
  };
  const ladder = planLadderChanges(row, policyVersion.policy, now.getTime(), []);
  row.next_escalation_due_at = ladder.nextDueAt;
  const year = now.getUTCFullYear();
  const newCase: NewCase = {
    row,
    year,
    numberPrefix: `C-${year}-`,
    numberDigits: 6,
    serialNumbers,
    steps: ladder.inserts,
    createdEvent: caseEventRow({
      caseId: id,
      at,
      kind: 'case.created',
      actorUserId: actor.userId,
      visibility: 'public',
      data: { level: row.level, channel: row.channel, receivedAt: row.received_at, billing: row.billing, serialNumbers },
    }),
  };

  const write = async (trx: Executor): Promise<CaseListRow> => {
    const stored = await insertNewCase(trx, newCase);
    // The acknowledgement exists exactly when the case does: it is the case's first mail, in the same transaction.
    if (acknowledged) {
      await mailAcknowledgement(trx, context, {
        row: stored,
        contact: acknowledged,
        timeZone: policyVersion.policy.calendar.timeZone,
        hotlineNumber,
      });
    }
    if (ladder.dueStepIds.length === 0) return stored;
    await fireStepsNow(trx, context, id, ladder.dueStepIds);
    return (await findCaseListRow(trx, id))!;
  };
  if (executor) return write(executor);
  try {
    // A call logged late fires its due steps in the same transaction, and a case whose contact is acknowledged by
    // mail writes the mail in it. Otherwise, on PostgreSQL, the case is one statement, atomic by itself, shared with
    // the other cases this instance is opening at the same moment.
    if (ladder.dueStepIds.length === 0 && !acknowledged && insertsNewCaseInOneStatement(context.storage))
      return await writeNewCaseWithOthers(context.storage, newCase);
    return await context.storage.transaction(write);
  } catch (error) {
    // Rolled back already; find out which reference was unknown so the answer names the field.
    if (isForeignKeyViolation(error)) await checkReferences(context.storage.db, input);
    throw error;
  }
}

async function checkReferences(trx: Executor, input: OpenCaseInput): Promise<void> {
  if (!(await findOrganizationById(trx, input.organizationId))) throw notFound('organization', input.organizationId);
  if (input.departmentId && !(await findDepartmentById(trx, input.departmentId))) {
    throw invalid('errors.unknownReference', 'departmentId', { entity: 'department', id: input.departmentId });
  }
  await checkContactAndAssignee(trx, input);
}

async function checkContactAndAssignee(trx: Executor, input: OpenCaseInput): Promise<void> {
  if (input.contactId) {
    const contact = await findContactById(trx, input.contactId);
    if (!contact || contact.organization_id !== input.organizationId)
      throw invalid('errors.unknownReference', 'contactId', { entity: 'contact', id: input.contactId });
  }
  if (input.assigneeId) {
    const assignee = await findUserById(trx, input.assigneeId);
    if (!assignee || !isStaffRole(assignee.role) || assignee.disabled_at !== null)
      throw invalid('errors.assigneeNotStaff', 'assigneeId', { id: input.assigneeId });
  }
}
