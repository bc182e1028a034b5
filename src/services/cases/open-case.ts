import { intakeRights, mayOpenCaseFor } from '../../domain/access/policies/cases.js';
import { mayTakeWork } from '../../domain/access/policies/users.js';
import { serialKey } from '../../storage/repositories/assets.js';
import type { Actor } from '../../domain/access/permissions.js';
import { firstResponseCountsFrom, firstResponseDueAt } from '../../domain/cases/first-response-target.js';
import { startClock } from '../../domain/escalation/escalation-clock.js';
import { defaultKindForLevel, type CaseKind, type CaseLevel } from '../../domain/cases/levels.js';
import { isForeignKeyViolation, type DatabaseTransaction, type Executor } from '../../storage/db.js';
import { findCaseListRow, type CaseListRow, type CaseRow, type NewCase } from '../../storage/repositories/cases.js';
import { findDepartmentById, findServicingDefaults } from '../../storage/repositories/departments.js';
import { findContactById, findOrganizationById, type ContactRow } from '../../storage/repositories/organizations.js';
import { findUserById } from '../../storage/repositories/users.js';
import { newId, type ServiceContext } from '../context.js';
import { contactMailAddress, contactOfCustomer } from '../people/customer-contact.js';
import { invalid, notFound } from '../errors.js';
import { fireStepsNow } from '../escalations/fire-steps-now.js';
import { policyVersionForCase } from '../escalations/escalation-policies.js';
import { planLadderChanges } from '../escalations/escalation-steps.js';
import { checkUploadsForNewCase, sendUploadsWithNewCase } from '../attachments/case-attachments.js';
import { caseEventRow } from './case-events.js';
import { acknowledgementMail, mailsPortalTo } from './case-mail.js';
import { noticesOfNewCase } from '../notifications/notify-case-event.js';
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
  /**
   * Files the actor uploaded for this case before it existed (`POST /api/v1/cases/attachments`): they go on its
   * creation entry, public as its description is.
   */
  attachmentIds?: readonly string[] | undefined;
  /** Files of the mail that opens the case, left out for their size: the acknowledgement names them. Not an API field. */
  filesLeftOut?: readonly { fileName: string; sizeBytes: number }[] | undefined;
}

/**
 * Who logs a case. A signed-in caller's actor carries its name, read with its token or session for this request, so
 * the notices that name it need no read of their own; a job's or a mail's actor has none and is looked up.
 */
export type IntakeActor = Actor & { name?: string | undefined };

/** A call may be logged a little after the fact, never before it happened; allow for clock skew between machines. */
const FUTURE_TOLERANCE_MS = 60_000;

/**
 * Logs a customer service request as a case: numbers it (gap-free per year), decides the billing class from the
 * serial numbers, schedules its upgrading-report ladder from received-at and fires at once the steps that are
 * already due (a call logged late). The case exists completely or not at all.
 */
export async function openCase(context: ServiceContext, actor: IntakeActor, input: OpenCaseInput): Promise<CaseListRow> {
  const opening = await prepareCaseOpening(context, actor, input);
  return namingUnknownReferences(context, input, () =>
    // A call logged late fires its due steps in the same transaction, and a case logged with files takes them there;
    // any other case, its acknowledgement included, is written by storage's case writer alone (on PostgreSQL in one
    // statement shared with the cases opened at the same moment, on SQLite in a transaction of the group commit).
    opening.dueStepIds.length === 0 && opening.uploads.ids.length === 0
      ? context.storage.cases.open(opening.newCase)
      : context.storage.transaction((trx) => writeCaseOpening(trx, context, opening)),
  );
}

/** A case checked and planned, ready to be written: what `prepareCaseOpening` read and decided. */
export interface CaseOpening {
  newCase: NewCase;
  /** Steps of its ladder due already, fired as the case is written. */
  dueStepIds: string[];
  /** Files uploaded for it before it existed, sent with it on its creation entry. */
  uploads: { ids: readonly string[]; uploadedBy: string };
}

/**
 * Everything an intake reads and checks, before anything is written: on PostgreSQL the reads run side by side on
 * pooled connections, and the write that follows is short. Must not run inside a transaction (on SQLite it would
 * wait for the very connection the transaction holds): a caller that writes the case in a transaction of its own
 * prepares first, then writes it with `writeCaseOpening`.
 */
export async function prepareCaseOpening(
  context: ServiceContext,
  actor: IntakeActor,
  input: OpenCaseInput,
  reader: Executor = context.storage.db,
): Promise<CaseOpening> {
  const rights = intakeRights(actor);
  if (!mayOpenCaseFor(actor, { organizationId: input.organizationId })) {
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

  // The organisation and department are guarded by foreign keys (checked precisely only if one fails, see
  // `namingUnknownReferences`); a contact and an assignee need more than existence, so they are checked here.
  const [namedContact] = await Promise.all([
    checkContactAndAssignee(reader, input),
    checkUploadsForNewCase(reader, actor, input.attachmentIds ?? []),
  ]);
  const at = now.toISOString();
  // A customer's own case names them: they hear of its confirmation and survey.
  const contactId = input.contactId ?? (rights.ownOrganizationOnly ? await contactOfCustomer(reader, actor.userId) : null);
  // Read side by side: the entitlement; the default policy (most cases follow it; a contract naming its own costs one
  // more read after); the servicing defaults with whether the customer is retired; and, as the contact hears that the
  // case is logged, its address (unless read above) and the hotline number.
  const [entitlement, defaultPolicy, defaults, contact, hotlineNumber, portal] = await Promise.all([
    decideCaseEntitlement(reader, { organizationId: input.organizationId, serialNumbers, at }),
    policyVersionForCase(reader, null, at),
    findServicingDefaults(reader, input.organizationId),
    namedContact ?? (contactId ? findContactById(reader, contactId) : undefined),
    contactId ? readHotlineNumber(reader) : null,
    mailsPortalTo(reader, contactId),
  ]);
  // A retired customer takes no new case; the intake says so at the field.
  if (defaults.organizationRetiredAt !== null) {
    const organization = await findOrganizationById(reader, input.organizationId);
    throw invalid('errors.customerRetired', 'organizationId', { name: organization?.name ?? input.organizationId });
  }
  // Every case has a department to escalate to from its first minute: the one named, else the contract's default,
  // else the customer's, else the company's.
  const departmentId = input.departmentId ?? entitlement?.departmentId ?? defaults.organizationDefault ?? defaults.companyDefault ?? null;
  // Staff choose one at the hotline; a customer's case is taken in regardless and alerted if there is none.
  if (departmentId === null && rights.mustChooseDepartment && !input.departmentOptional)
    throw invalid('errors.departmentRequired', 'departmentId');
  const policyVersion = entitlement?.policyId ? await policyVersionForCase(reader, entitlement.policyId, at) : defaultPolicy;
  const clock = startClock(Math.max(receivedAtMs, input.clockStartsAt ? Date.parse(input.clockStartsAt) : receivedAtMs));
  const firstResponseDue = firstResponseDueAt(policyVersion.policy, input.level, firstResponseCountsFrom(receivedAtMs, clock));
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
    first_response_ms: null,
    first_response_working_ms: null,
    first_response_breach_notified_at: null,
    resolution_working_ms: null,
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
  // A retired contact (a customer account's own, say) is mailed nothing.
  const address = contactMailAddress(contact);
  const acknowledged = contact && address ? { ...contact, email: address } : null;
  const newCase: NewCase = {
    row,
    year,
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
    // The contact hears that the case is logged, in the mail written with it.
    mails: acknowledged
      ? [
          acknowledgementMail(context, {
            row,
            contact: acknowledged,
            timeZone: policyVersion.policy.calendar.timeZone,
            hotlineNumber,
            portal,
            filesLeftOut: input.filesLeftOut ?? [],
          }),
        ]
      : [],
    notifications: [],
  };
  // Its assignee, or else its department's receivers, hear of it in the app and by mail (as each chose), with it.
  const notices = await noticesOfNewCase(
    reader,
    context,
    {
      kind: row.assignee_user_id ? 'case-assigned' : 'new-unassigned-case',
      row,
      actorUserId: actor.userId,
      actorName: actor.name ?? (await findUserById(reader, actor.userId))?.name ?? '',
      eventKey: id,
    },
    newCase.mails[0],
  );
  newCase.mails.push(...notices.mails);
  newCase.notifications = notices.notifications;
  return { newCase, dueStepIds: ladder.dueStepIds, uploads: { ids: [...new Set(input.attachmentIds ?? [])], uploadedBy: actor.userId } };
}

/** Writes a prepared case (with its acknowledgement) inside the caller's transaction and fires its due steps there. */
export async function writeCaseOpening(trx: DatabaseTransaction, context: ServiceContext, opening: CaseOpening): Promise<CaseListRow> {
  const stored = await context.storage.cases.openIn(trx, opening.newCase);
  const { id } = opening.newCase.row;
  await sendUploadsWithNewCase(trx, opening.uploads.uploadedBy, opening.uploads.ids, {
    caseId: id,
    eventId: opening.newCase.createdEvent.id,
  });
  if (opening.dueStepIds.length === 0) return stored;
  await fireStepsNow(trx, context, id, opening.dueStepIds);
  return (await findCaseListRow(trx, id))!;
}

/**
 * Runs the write of a case; if it failed on a foreign key, it has been rolled back already, and the answer names the
 * field whose reference was unknown instead.
 */
export async function namingUnknownReferences<T>(context: ServiceContext, input: OpenCaseInput, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
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

/** Checks the contact and the assignee named; answers the contact read (undefined when none was named). */
async function checkContactAndAssignee(trx: Executor, input: OpenCaseInput): Promise<ContactRow | undefined> {
  let contact: ContactRow | undefined;
  if (input.contactId) {
    contact = await findContactById(trx, input.contactId);
    if (!contact || contact.organization_id !== input.organizationId)
      throw invalid('errors.unknownReference', 'contactId', { entity: 'contact', id: input.contactId });
    if (contact.retired_at !== null) throw invalid('errors.contactRetired', 'contactId', { name: contact.name });
  }
  if (input.assigneeId) {
    const assignee = await findUserById(trx, input.assigneeId);
    if (!assignee || !mayTakeWork(assignee)) throw invalid('errors.assigneeNotStaff', 'assigneeId', { id: input.assigneeId });
  }
  return contact;
}
