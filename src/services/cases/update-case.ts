import type { Actor } from '../../domain/access/permissions.js';
import { mayAssignCase, mayUpdateCase } from '../../domain/access/policies/cases.js';
import { mayTakeWork } from '../../domain/access/policies/users.js';
import { checkTransition } from '../../domain/cases/case-lifecycle.js';
import { findCaseById, updateCaseRow, type CaseRow } from '../../storage/repositories/cases.js';
import { listCaseCcAddresses, replaceCaseCcAddresses } from '../../storage/repositories/case-cc-addresses.js';
import { findDepartmentById } from '../../storage/repositories/departments.js';
import { findContactById } from '../../storage/repositories/organizations.js';
import { findUserById } from '../../storage/repositories/users.js';
import type { Executor } from '../../storage/db.js';
import { notifyCaseEvent } from '../notifications/notify-case-event.js';
import type { ServiceContext } from '../context.js';
import { forbidden, invalid } from '../errors.js';
import { deliverWaitingReports } from '../escalations/deliver-waiting-reports.js';
import { loadCaseFor } from './case-access.js';
import { caseEventsOf } from './case-events.js';

export interface CaseChanges {
  title?: string | undefined;
  description?: string | undefined;
  contactId?: string | null | undefined;
  departmentId?: string | null | undefined;
  assigneeId?: string | null | undefined;
  /** Who else receives the case's public replies by mail, besides its contact; replaces the list. */
  ccAddresses?: string[] | undefined;
}

/**
 * Edits a case's fields and its assignment. Giving a new case an assignee moves it to `assigned`; a department
 * change redirects the department manager and VP steps still to come, because holders are looked up when a
 * step fires, and delivers the reports that fired while nobody could be told.
 */
export async function updateCase(context: ServiceContext, actor: Actor, id: string, changes: CaseChanges): Promise<CaseRow> {
  const assigning = changes.departmentId !== undefined || changes.assigneeId !== undefined;
  const editing =
    changes.title !== undefined ||
    changes.description !== undefined ||
    changes.contactId !== undefined ||
    changes.ccAddresses !== undefined;
  return context.storage.transaction(async (trx) => {
    const row = await loadCaseFor(trx, actor, id, assigning ? mayAssignCase : mayUpdateCase, { forUpdate: true });
    if (editing && !mayUpdateCase(actor, { organizationId: row.organization_id })) throw forbidden();
    const at = context.clock.now().toISOString();
    if (changes.contactId) {
      const contact = await findContactById(trx, changes.contactId);
      if (!contact || contact.organization_id !== row.organization_id)
        throw invalid('errors.unknownReference', 'contactId', { entity: 'contact', id: changes.contactId });
      // A case keeps a contact retired since, but is not given one newly.
      if (contact.retired_at !== null && contact.id !== row.contact_id)
        throw invalid('errors.contactRetired', 'contactId', { name: contact.name });
    }
    // A case keeps someone to escalate to: its department can be changed, not taken away.
    if (changes.departmentId === null && row.department_id !== null) throw invalid('errors.departmentRequired', 'departmentId');
    if (changes.departmentId && !(await findDepartmentById(trx, changes.departmentId))) {
      throw invalid('errors.unknownReference', 'departmentId', { entity: 'department', id: changes.departmentId });
    }
    if (changes.assigneeId) {
      const assignee = await findUserById(trx, changes.assigneeId);
      if (!assignee || !mayTakeWork(assignee)) throw invalid('errors.assigneeNotStaff', 'assigneeId', { id: changes.assigneeId });
    }
    const update: Partial<CaseRow> = { updated_at: at };
    const edited: Record<string, { from: unknown; to: unknown }> = {};
    for (const [key, column] of [
      ['title', 'title'],
      ['description', 'description'],
      ['contactId', 'contact_id'],
    ] as const) {
      const value = changes[key];
      if (value !== undefined && value !== row[column]) {
        (update as Record<string, unknown>)[column] = value;
        edited[key] = { from: row[column], to: value };
      }
    }
    if (changes.ccAddresses !== undefined) {
      // One address once, however it is capitalised; the first spelling given is kept.
      const wanted = [...new Map(changes.ccAddresses.map((address) => [address.toLowerCase(), address])).values()];
      const current = await listCaseCcAddresses(trx, id);
      if ([...wanted].sort().join('\n') !== [...current].sort().join('\n')) {
        await replaceCaseCcAddresses(trx, id, wanted, at);
        edited.ccAddresses = { from: current, to: wanted };
      }
    }
    const assignment: Record<string, { from: unknown; to: unknown }> = {};
    if (changes.departmentId !== undefined && changes.departmentId !== row.department_id) {
      update.department_id = changes.departmentId;
      assignment.departmentId = { from: row.department_id, to: changes.departmentId };
    }
    if (changes.assigneeId !== undefined && changes.assigneeId !== row.assignee_user_id) {
      update.assignee_user_id = changes.assigneeId;
      assignment.assigneeId = { from: row.assignee_user_id, to: changes.assigneeId };
    }
    const becomesAssigned = row.status === 'new' && Boolean(changes.assigneeId) && checkTransition(row.status, 'assigned').ok;
    if (becomesAssigned) update.status = 'assigned';
    await updateCaseRow(trx, id, update);
    const record = caseEventsOf(trx, id, at, actor.userId);
    if (Object.keys(edited).length > 0) await record('case.updated', 'internal', { changes: edited });
    const assignedEventId = Object.keys(assignment).length > 0 ? await record('case.assigned', 'internal', assignment) : null;
    // Reports that fired while the case had no department (or whose seat was empty in the old one) reach the new
    // department's holders now.
    if (assignment.departmentId) await deliverWaitingReports(trx, context, { caseId: id });
    if (becomesAssigned) await record('case.transitioned', 'public', { from: 'new', to: 'assigned' });
    const updated = (await findCaseById(trx, id))!;
    if (assignedEventId !== null) await noticeAssignment(trx, context, actor, updated, assignment, assignedEventId);
    return updated;
  });
}

/**
 * A new assignee hears that the case is theirs; a case moved to another department with nobody on it reaches that
 * department's receivers as a new unassigned case.
 */
async function noticeAssignment(
  trx: Executor,
  context: ServiceContext,
  actor: Actor,
  row: CaseRow,
  assignment: Record<string, { from: unknown; to: unknown }>,
  eventId: string,
): Promise<void> {
  const kind =
    assignment.assigneeId && row.assignee_user_id
      ? 'case-assigned'
      : assignment.departmentId && !row.assignee_user_id
        ? 'new-unassigned-case'
        : null;
  if (kind === null) return;
  const actorName = (await findUserById(trx, actor.userId))?.name ?? '';
  await notifyCaseEvent(trx, context, { kind, row, actorUserId: actor.userId, actorName, eventKey: eventId });
}
