import { z } from 'zod';
import type { Actor } from '../../domain/access/permissions.js';
import { trainingRights } from '../../domain/access/policies/trainings.js';
import type { TrainingDetails } from '../../services/trainings/view-trainings.js';

export const trainingView = z.object({
  id: z.string(),
  organizationId: z.string(),
  organizationName: z.string(),
  caseId: z.string().nullable(),
  departmentId: z.string().nullable(),
  kind: z.enum(['class', 'display']),
  topic: z.string(),
  trainerUserId: z.string(),
  trainerName: z.string(),
  date: z.string(),
  startTime: z.string().nullable(),
  endTime: z.string().nullable(),
  place: z.string(),
  materials: z.array(z.object({ title: z.string(), url: z.string().nullable() })),
  contactId: z.string().nullable(),
  status: z.enum(['planned', 'held', 'cancelled']),
  heldAt: z.string().nullable(),
  cancelledAt: z.string().nullable(),
  cancellationReason: z.string().nullable(),
  attendees: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      email: z.string().nullable(),
      contactId: z.string().nullable(),
      attended: z.boolean().nullable(),
      recordedAt: z.string().nullable(),
    }),
  ),
  createdAt: z.string(),
  can: z
    .object({ edit: z.boolean(), cancel: z.boolean(), recordAttendance: z.boolean() })
    .describe('What the calling user may do with this training'),
});

export function presentTraining(actor: Actor, row: TrainingDetails): z.infer<typeof trainingView> {
  const status = row.status as 'planned' | 'held' | 'cancelled';
  return {
    id: row.id,
    organizationId: row.organization_id,
    organizationName: row.organization_name,
    caseId: row.case_id,
    departmentId: row.department_id,
    kind: row.kind as 'class' | 'display',
    topic: row.topic,
    trainerUserId: row.trainer_user_id,
    trainerName: row.trainer_name,
    date: row.scheduled_on,
    startTime: row.start_time,
    endTime: row.end_time,
    place: row.place,
    materials: JSON.parse(row.materials_json) as { title: string; url: string | null }[],
    contactId: row.contact_id,
    status,
    heldAt: row.held_at,
    cancelledAt: row.cancelled_at,
    cancellationReason: row.cancellation_reason,
    attendees: row.attendees.map((attendee) => ({
      id: attendee.id,
      name: attendee.name,
      email: attendee.email,
      contactId: attendee.contact_id,
      attended: attendee.attended === null ? null : attendee.attended === 1,
      recordedAt: attendee.recorded_at,
    })),
    createdAt: row.created_at,
    can: trainingRights(actor, { organizationId: row.organization_id, status }),
  };
}
