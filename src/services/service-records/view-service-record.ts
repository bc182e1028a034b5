import type { Actor } from '../../domain/access/permissions.js';
import { mayReadServiceRecord } from '../../domain/access/policies/service-records.js';
import { LANGUAGES, type Language } from '../../domain/access/roles.js';
import { displayPhoneNumber } from '../../domain/contacts/phone-numbers.js';
import type { Executor } from '../../storage/db.js';
import { findCaseListRow, listCaseActions, listSerialsOfCases } from '../../storage/repositories/cases.js';
import { findContactById, findOrganizationById } from '../../storage/repositories/organizations.js';
import { listConfirmations } from '../../storage/repositories/service-records.js';
import { findUserNames } from '../../storage/repositories/users.js';
import { listVisits } from '../../storage/repositories/visits.js';
import { loadCaseFor } from '../cases/case-access.js';
import { loadPolicyVersion } from '../escalations/escalation-policies.js';
import type { ServiceContext } from '../context.js';
import type { ServiceItemBilling } from '../../domain/entitlement/service-billing.js';
import { storedServiceItemBilling } from '../delivered-systems/service-item-billing.js';

/**
 * The customer service record of one case (SPEC §5): customer information, the service request, the service
 * items performed (phone, remote and on-site actions, with the visits' site and times) and the confirmation.
 */
export interface ServiceRecord {
  caseId: string;
  language: Language;
  /** The time zone of the case's business calendar: times on the record are printed in it. */
  timeZone: string;
  customer: {
    organizationId: string;
    organizationName: string;
    organizationCode: string | null;
    contactName: string | null;
    contactEmail: string | null;
    contactPhone: string | null;
  };
  request: {
    number: string;
    title: string;
    description: string;
    channel: string;
    level: number;
    kind: string;
    status: string;
    receivedAt: string;
    resolvedAt: string | null;
    serialNumbers: string[];
    departmentName: string | null;
    assigneeName: string | null;
  };
  items: {
    id: string;
    type: string;
    engineerName: string | null;
    performedByName: string | null;
    plannedStart: string | null;
    plannedEnd: string | null;
    startedAt: string | null;
    endedAt: string | null;
    arrivedAt: string | null;
    departedAt: string | null;
    site: string | null;
    visitId: string | null;
    visitStatus: string | null;
    summary: string;
    outcome: string | null;
    /** Who pays for the item, decided for the day of the work; null for items recorded before that was decided. */
    billing: ServiceItemBilling | null;
  }[];
  confirmation: {
    state: ConfirmationState;
    confirmations: {
      at: string;
      method: string;
      name: string;
      email: string | null;
      ip: string | null;
      userAgent: string | null;
      note: string | null;
    }[];
  };
}

/** Confirmed; resolved and awaiting the customer; closed without a confirmation; or service still going on. */
export type ConfirmationState = 'confirmed' | 'awaiting' | 'closed-unconfirmed' | 'not-resolved';

function confirmationState(status: string, confirmations: number): ConfirmationState {
  if (status === 'confirmed') return 'confirmed';
  if (status === 'resolved') return 'awaiting';
  if (status === 'closed') return confirmations > 0 ? 'confirmed' : 'closed-unconfirmed';
  return 'not-resolved';
}

export function isLanguage(value: unknown): value is Language {
  return (LANGUAGES as readonly unknown[]).includes(value);
}

/** Builds the record from the stored rows; the caller has checked access. */
export async function buildServiceRecord(executor: Executor, caseId: string, language?: Language): Promise<ServiceRecord> {
  const row = (await findCaseListRow(executor, caseId))!;
  const [organization, contact, serials, actions, visits, confirmations, policy] = await Promise.all([
    findOrganizationById(executor, row.organization_id),
    row.contact_id ? findContactById(executor, row.contact_id) : Promise.resolve(undefined),
    listSerialsOfCases(executor, [caseId]),
    listCaseActions(executor, caseId),
    listVisits(executor, { caseId, includeCancelled: true, limit: 500 }),
    listConfirmations(executor, caseId),
    loadPolicyVersion(executor, row.policy_version_id),
  ]);
  const people = await findUserNames(executor, [
    ...new Set(actions.flatMap((action) => [action.performed_by, action.engineer_user_id]).filter((id): id is string => id !== null)),
  ]);
  const visitByAction = new Map(visits.map((visit) => [visit.action_id, visit]));
  const status = row.status;
  return {
    caseId,
    timeZone: policy.calendar.timeZone,
    language: language ?? (isLanguage(contact?.language) ? contact.language : 'en'),
    customer: {
      organizationId: row.organization_id,
      organizationName: row.organization_name,
      organizationCode: organization?.code ?? null,
      contactName: contact?.name ?? null,
      contactEmail: contact?.email ?? null,
      contactPhone: contact?.phone ? displayPhoneNumber(contact.phone) : null,
    },
    request: {
      number: row.number,
      title: row.title,
      description: row.description,
      channel: row.channel,
      level: row.level,
      kind: row.kind,
      status,
      receivedAt: row.received_at,
      resolvedAt: row.resolved_at,
      serialNumbers: serials.get(caseId) ?? [],
      departmentName: row.department_name,
      assigneeName: row.assignee_name,
    },
    items: actions.map((action) => {
      const visit = visitByAction.get(action.id);
      return {
        id: action.id,
        type: action.type,
        engineerName: action.engineer_user_id ? (people.get(action.engineer_user_id) ?? null) : null,
        performedByName: people.get(action.performed_by) ?? null,
        plannedStart: action.planned_start,
        plannedEnd: action.planned_end,
        startedAt: action.started_at,
        endedAt: action.ended_at,
        arrivedAt: action.arrived_at,
        departedAt: action.departed_at,
        site: visit?.site ?? null,
        visitId: visit?.id ?? null,
        visitStatus: visit?.status ?? null,
        summary: action.summary,
        outcome: action.outcome,
        billing: storedServiceItemBilling(action.billing_json),
      };
    }),
    confirmation: {
      state: confirmationState(status, confirmations.length),
      confirmations: confirmations.map((confirmation) => ({
        at: confirmation.at,
        method: confirmation.method,
        name: confirmation.confirmed_by_user_name ?? confirmation.confirmed_by_name,
        email: confirmation.confirmed_by_email,
        ip: confirmation.ip,
        userAgent: confirmation.user_agent,
        note: confirmation.note,
      })),
    },
  };
}

export async function getServiceRecord(context: ServiceContext, actor: Actor, caseId: string, language?: Language): Promise<ServiceRecord> {
  await loadCaseFor(context.storage.db, actor, caseId, mayReadServiceRecord);
  return buildServiceRecord(context.storage.db, caseId, language);
}
