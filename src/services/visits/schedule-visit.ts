import type { Actor } from '../../domain/access/permissions.js';
import { isResolvedStatus } from '../../domain/cases/case-lifecycle.js';
import { parsePhoneNumber } from '../../domain/contacts/phone-numbers.js';
import { conflictsWith } from '../../domain/visits/visit-schedule.js';
import type { Executor } from '../../storage/db.js';
import { insertCaseAction, updateCaseRow } from '../../storage/repositories/cases.js';
import { findContactById, findOrganizationById, findSiteById } from '../../storage/repositories/organizations.js';
import { engineerVisitsOverlapping, findVisitListRow, insertVisit, type VisitListRow } from '../../storage/repositories/visits.js';
import { recordChangeBy } from '../audit.js';
import { loadCaseFor } from '../cases/case-access.js';
import { firstResponseColumns } from '../cases/first-response.js';
import { defaultCountryOf, newId, type ServiceContext } from '../context.js';
import { conflict, invalid } from '../errors.js';
import { notifyUser } from '../notifications/notify-user.js';
import { recordCaseEvent } from '../cases/case-events.js';
import { serviceItemBillingColumns } from '../delivered-systems/service-item-billing.js';
import { requireActiveStaff } from './staff-user.js';
import { words } from '../../i18n/wording.js';

export interface ScheduleVisitInput {
  engineerUserId: string;
  startsAt: string;
  endsAt: string;
  siteId?: string | null | undefined;
  site?: string | null | undefined;
  contactId?: string | null | undefined;
  contactName?: string | null | undefined;
  contactPhone?: string | null | undefined;
  notes?: string | null | undefined;
  /** Book the engineer although the window clashes with another visit (the answer still lists the clashes). */
  allowConflict?: boolean | undefined;
}

const MAX_VISIT_HOURS = 72;

/** Rejects clashes with the engineer's other visits unless the caller accepts them knowingly. */
export async function findEngineerConflicts(
  executor: Executor,
  engineerUserId: string,
  window: { id?: string; startsAt: string; endsAt: string },
): Promise<VisitListRow[]> {
  const candidates = await engineerVisitsOverlapping(executor, engineerUserId, window);
  return conflictsWith(
    window,
    candidates.map((row) => ({ ...row, startsAt: row.starts_at, endsAt: row.ends_at, status: row.status })),
  );
}

export function checkWindow(startsAt: string, endsAt: string): { startsAt: string; endsAt: string } {
  const start = Date.parse(startsAt);
  const end = Date.parse(endsAt);
  if (end <= start) throw invalid('errors.endBeforeStart', 'endsAt');
  if (end - start > MAX_VISIT_HOURS * 3_600_000) throw invalid('serviceLoop.errors.visitTooLong', 'endsAt', { hours: MAX_VISIT_HOURS });
  // Stored in UTC so text order is time order in both databases.
  return { startsAt: new Date(start).toISOString(), endsAt: new Date(end).toISOString() };
}

/**
 * Schedules an engineer for an on-site visit on a case: date and time window, site and contact. The visit is also
 * the case's on-site service action, so the record and the timeline show it.
 */
export async function scheduleVisit(
  context: ServiceContext,
  actor: Actor,
  caseId: string,
  input: ScheduleVisitInput,
): Promise<{ visit: VisitListRow; conflicts: VisitListRow[] }> {
  const window = checkWindow(input.startsAt, input.endsAt);
  return context.storage.transaction(async (trx) => {
    const caseRow = await loadCaseFor(trx, actor, caseId, 'visits.manage', { forUpdate: true });
    if (isResolvedStatus(caseRow.status)) throw conflict('serviceLoop.errors.visitCaseResolved', { number: caseRow.number }, 'caseId');
    const engineer = await requireActiveStaff(trx, input.engineerUserId, 'engineerUserId');

    let site = input.site?.trim() || null;
    if (input.siteId) {
      const siteRow = await findSiteById(trx, input.siteId);
      if (!siteRow || siteRow.organization_id !== caseRow.organization_id)
        throw invalid('errors.unknownReference', 'siteId', { entity: 'site', id: input.siteId });
      if (siteRow.retired_at !== null) throw invalid('errors.siteRetired', 'siteId', { site: siteRow.name });
      site ??= [siteRow.name, siteRow.address].filter(Boolean).join(', ');
    }
    if (!site) throw invalid('serviceLoop.errors.visitNeedsSite', 'site');
    let contactName = input.contactName?.trim() || null;
    const typedPhone = input.contactPhone?.trim() || null;
    let contactPhone: string | null = null;
    if (typedPhone) {
      // Like a contact's, a visit's phone is kept in E.164, read in the customer's country when said without a code.
      const country = (await findOrganizationById(trx, caseRow.organization_id))?.country ?? defaultCountryOf(context);
      const phone = parsePhoneNumber(typedPhone, country);
      if (!phone) throw invalid('errors.phoneInvalid', 'contactPhone', { value: typedPhone, country });
      contactPhone = phone.e164;
    }
    if (input.contactId) {
      const contact = await findContactById(trx, input.contactId);
      if (!contact || contact.organization_id !== caseRow.organization_id)
        throw invalid('errors.unknownReference', 'contactId', { entity: 'contact', id: input.contactId });
      contactName ??= contact.name;
      contactPhone ??= contact.phone;
    }

    const conflicts = await findEngineerConflicts(trx, engineer.id, window);
    if (conflicts.length > 0 && !input.allowConflict) {
      const first = conflicts[0]!;
      throw conflict(
        'serviceLoop.errors.visitConflict',
        { engineer: engineer.name, number: first.case_number, startsAt: first.starts_at, endsAt: first.ends_at },
        'startsAt',
        {
          conflicts: conflicts.map((row) => ({
            id: row.id,
            caseId: row.case_id,
            caseNumber: row.case_number,
            startsAt: row.starts_at,
            endsAt: row.ends_at,
            site: row.site,
          })),
        },
      );
    }

    const at = context.clock.now().toISOString();
    const actionId = newId();
    // Billed for the day the engineer is booked; the arrival decides it again for the day the work is actually done.
    const billing = await serviceItemBillingColumns(trx, caseRow, 'onsite', window.startsAt);
    await insertCaseAction(trx, {
      id: actionId,
      case_id: caseId,
      type: 'onsite',
      performed_by: actor.userId,
      engineer_user_id: engineer.id,
      started_at: null,
      ended_at: null,
      planned_start: window.startsAt,
      planned_end: window.endsAt,
      arrived_at: null,
      departed_at: null,
      summary: `On-site visit at ${site}`,
      outcome: null,
      created_at: at,
      billing: billing.billing,
      billing_json: billing.billing_json,
    });
    const id = newId();
    await insertVisit(trx, {
      id,
      case_id: caseId,
      organization_id: caseRow.organization_id,
      engineer_user_id: engineer.id,
      action_id: actionId,
      starts_at: window.startsAt,
      ends_at: window.endsAt,
      site,
      site_id: input.siteId ?? null,
      contact_id: input.contactId ?? null,
      contact_name: contactName,
      contact_phone: contactPhone,
      notes: input.notes?.trim() || null,
      status: 'scheduled',
      arrived_at: null,
      departed_at: null,
      work_done: null,
      sequence: 0,
      created_by: actor.userId,
      created_at: at,
      updated_at: at,
    });
    // Booking an engineer with the customer's site and contact is a service action: it may be the first response.
    await updateCaseRow(trx, caseId, { updated_at: at, ...(await firstResponseColumns(trx, actor, caseRow, at, 'visit-scheduled')) });
    await recordCaseEvent(trx, {
      caseId,
      at,
      kind: 'visit.scheduled',
      actorUserId: actor.userId,
      visibility: 'public',
      data: {
        visitId: id,
        engineerUserId: engineer.id,
        engineerName: engineer.name,
        startsAt: window.startsAt,
        endsAt: window.endsAt,
        site,
        conflicts: conflicts.map((row) => row.id),
        billing: billing.decision,
      },
    });
    await recordChangeBy(trx, actor, at, 'visit.schedule', ['visit', id], {
      after: { caseId, engineerUserId: engineer.id, ...window, site },
    });
    if (engineer.id !== actor.userId) {
      await notifyUser(trx, context, {
        userId: engineer.id,
        language: engineer.language,
        kind: 'visit.scheduled',
        caseId,
        title: words('serviceLoop.notifications.visitTitle', { number: caseRow.number }),
        body: words('serviceLoop.notifications.visitBody', {
          startsAt: window.startsAt,
          endsAt: window.endsAt,
          site,
        }),
        link: `/cases/${caseId}`,
        dedupeKey: `visit.scheduled:${id}`,
      });
    }
    return { visit: (await findVisitListRow(trx, id))!, conflicts };
  });
}
