import type { Actor } from '../../domain/access/permissions.js';
import { mayPlanTraining } from '../../domain/access/policies/trainings.js';
import type { Executor } from '../../storage/db.js';
import { findCaseById } from '../../storage/repositories/cases.js';
import { findDepartmentById } from '../../storage/repositories/departments.js';
import { findContactById, findOrganizationById } from '../../storage/repositories/organizations.js';
import {
  findTrainingById,
  findTrainingListRow,
  insertAttendees,
  insertTraining,
  type TrainingListRow,
} from '../../storage/repositories/trainings.js';
import { recordChangeBy } from '../audit.js';
import { newId, type ServiceContext } from '../context.js';
import { forbidden, invalid } from '../errors.js';
import { requireActiveStaff } from '../visits/staff-user.js';
import { mailAttendees, mailFactsOf } from './training-mail.js';

export const TRAINING_KINDS = ['class', 'display'] as const;
export type TrainingKind = (typeof TRAINING_KINDS)[number];

export interface PlanTrainingInput {
  organizationId: string;
  kind: TrainingKind;
  topic: string;
  trainerUserId: string;
  /** `YYYY-MM-DD` */
  date: string;
  startTime?: string | null | undefined;
  endTime?: string | null | undefined;
  place: string;
  materials?: { title: string; url?: string | null | undefined }[] | undefined;
  attendees?: { name: string; email?: string | null | undefined; contactId?: string | null | undefined }[] | undefined;
  caseId?: string | null | undefined;
  departmentId?: string | null | undefined;
  /** Who receives the follow-up survey once the training is held. */
  contactId?: string | null | undefined;
}

async function requireOwnReference<T extends { organization_id: string }>(
  load: Promise<T | undefined>,
  organizationId: string,
  field: string,
  entity: string,
  id: string,
): Promise<T> {
  const row = await load;
  if (!row || row.organization_id !== organizationId) throw invalid('errors.unknownReference', field, { entity, id });
  return row;
}

/** The organisation, case, department and contacts a training names must exist and be the organisation's. */
export async function checkReferences(executor: Executor, input: PlanTrainingInput): Promise<string | null> {
  if (!(await findOrganizationById(executor, input.organizationId)))
    throw invalid('errors.unknownReference', 'organizationId', { entity: 'organization', id: input.organizationId });
  let departmentId = input.departmentId ?? null;
  if (input.caseId) {
    const caseRow = await requireOwnReference(findCaseById(executor, input.caseId), input.organizationId, 'caseId', 'case', input.caseId);
    departmentId ??= caseRow.department_id;
  }
  if (departmentId && !(await findDepartmentById(executor, departmentId)))
    throw invalid('errors.unknownReference', 'departmentId', { entity: 'department', id: departmentId });
  if (input.contactId)
    await requireOwnReference(findContactById(executor, input.contactId), input.organizationId, 'contactId', 'contact', input.contactId);
  for (const [index, attendee] of (input.attendees ?? []).entries()) {
    if (attendee.contactId)
      await requireOwnReference(
        findContactById(executor, attendee.contactId),
        input.organizationId,
        `attendees.${index}.contactId`,
        'contact',
        attendee.contactId,
      );
  }
  return departmentId;
}

/** The rows of people newly invited to a training, nobody's attendance recorded yet. */
export function attendeeRows(trainingId: string, attendees: NonNullable<PlanTrainingInput['attendees']>) {
  return attendees.map((attendee) => ({
    id: newId(),
    training_id: trainingId,
    name: attendee.name.trim(),
    email: attendee.email ?? null,
    contact_id: attendee.contactId ?? null,
    attended: null,
    recorded_at: null,
  }));
}

/** Plans an on-site training (a class or an on-site display) for a customer: topic, trainer, date, place, attendees, materials. */
export async function planTraining(context: ServiceContext, actor: Actor, input: PlanTrainingInput): Promise<TrainingListRow> {
  if (!mayPlanTraining(actor, { organizationId: input.organizationId })) throw forbidden();
  if (input.startTime && input.endTime && input.endTime <= input.startTime) throw invalid('errors.endBeforeStart', 'endTime');
  return context.storage.transaction(async (trx) => {
    await requireActiveStaff(trx, input.trainerUserId, 'trainerUserId');
    const departmentId = await checkReferences(trx, input);
    const at = context.clock.now().toISOString();
    const id = newId();
    await insertTraining(trx, {
      id,
      organization_id: input.organizationId,
      case_id: input.caseId ?? null,
      department_id: departmentId,
      kind: input.kind,
      topic: input.topic.trim(),
      trainer_user_id: input.trainerUserId,
      scheduled_on: input.date,
      start_time: input.startTime ?? null,
      end_time: input.endTime ?? null,
      place: input.place.trim(),
      materials_json: JSON.stringify(
        (input.materials ?? []).map((material) => ({ title: material.title.trim(), url: material.url ?? null })),
      ),
      contact_id: input.contactId ?? null,
      status: 'planned',
      held_at: null,
      created_by: actor.userId,
      created_at: at,
      updated_at: at,
    });
    const attendees = attendeeRows(id, input.attendees ?? []);
    await insertAttendees(trx, attendees);
    await mailAttendees(
      trx,
      context,
      await mailFactsOf(trx, (await findTrainingById(trx, id))!),
      attendees.map((attendee) => ({ id: attendee.id, name: attendee.name, email: attendee.email, contactId: attendee.contact_id })),
      { purpose: 'invitation' },
    );
    await recordChangeBy(trx, actor, at, 'training.plan', ['training', id], { after: input });
    return (await findTrainingListRow(trx, id))!;
  });
}
