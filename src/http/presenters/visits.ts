import { z } from 'zod';
import { displayPhoneNumber } from '../../domain/contacts/phone-numbers.js';
import { VISIT_STATUSES } from '../../domain/visits/visit-schedule.js';
import type { Actor } from '../../domain/access/permissions.js';
import { visitRights } from '../../domain/access/policies/visits.js';
import type { VisitWithConflicts } from '../../services/visits/view-visits.js';

export const visitView = z.object({
  id: z.string(),
  caseId: z.string(),
  caseNumber: z.string(),
  caseTitle: z.string(),
  organizationId: z.string(),
  organizationName: z.string(),
  engineerUserId: z.string(),
  engineerName: z.string(),
  actionId: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  site: z.string(),
  siteId: z.string().nullable(),
  contactId: z.string().nullable(),
  contactName: z.string().nullable(),
  contactPhone: z.string().nullable().describe('International format, e.g. +86 21 5555 0101'),
  notes: z.string().nullable(),
  status: z.enum(VISIT_STATUSES),
  arrivedAt: z.string().nullable(),
  departedAt: z.string().nullable(),
  workDone: z.string().nullable(),
  /** Other visits of the same engineer whose windows overlap this one. */
  conflictsWith: z.array(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
  can: z.object({ arrive: z.boolean(), depart: z.boolean(), cancel: z.boolean() }).describe('What the calling user may do with this visit'),
});

export function presentVisit(actor: Actor, row: VisitWithConflicts): z.infer<typeof visitView> {
  return {
    id: row.id,
    caseId: row.case_id,
    caseNumber: row.case_number,
    caseTitle: row.case_title,
    organizationId: row.organization_id,
    organizationName: row.organization_name,
    engineerUserId: row.engineer_user_id,
    engineerName: row.engineer_name,
    actionId: row.action_id,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    site: row.site,
    siteId: row.site_id,
    contactId: row.contact_id,
    contactName: row.contact_name,
    contactPhone: row.contact_phone === null ? null : displayPhoneNumber(row.contact_phone),
    notes: row.notes,
    status: row.status,
    arrivedAt: row.arrived_at,
    departedAt: row.departed_at,
    workDone: row.work_done,
    conflictsWith: row.conflictsWith,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    can: visitRights(actor, { organizationId: row.organization_id, status: row.status }),
  };
}
