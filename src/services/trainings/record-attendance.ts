import type { Actor } from '../../domain/access/permissions.js';
import { mayReadTraining, mayRecordAttendance } from '../../domain/access/policies/trainings.js';
import {
  findTrainingById,
  findTrainingForUpdate,
  findTrainingListRow,
  insertAttendees,
  listAttendees,
  recordAttendance,
  updateTraining,
  type TrainingListRow,
} from '../../storage/repositories/trainings.js';
import { recordChangeBy } from '../audit.js';
import { newId, type ServiceContext } from '../context.js';
import { conflict, forbidden, invalid, notFound } from '../errors.js';
import { createSurveyFor } from '../surveys/create-survey.js';

export interface AttendanceInput {
  attendance: { attendeeId: string; attended: boolean }[];
  /** People who came without being on the list. */
  walkIns?: { name: string; email?: string | null | undefined }[] | undefined;
}

/**
 * Records who attended. Recording attendance means the training was held: the first time, the customer contact
 * gets the follow-up survey in the same transaction. Attendance can be corrected later; the survey is sent once.
 */
export async function recordTrainingAttendance(
  context: ServiceContext,
  actor: Actor,
  id: string,
  input: AttendanceInput,
): Promise<TrainingListRow> {
  return context.storage.transaction(async (trx) => {
    const training = await findTrainingForUpdate(trx, id);
    if (!training || !mayReadTraining(actor, { organizationId: training.organization_id })) throw notFound('training', id);
    if (!mayRecordAttendance(actor, { organizationId: training.organization_id })) throw forbidden();
    if (training.status === 'cancelled') throw conflict('serviceLoop.errors.trainingCancelled', { topic: training.topic }, 'status');
    const at = context.clock.now();
    const atIso = at.toISOString();
    if (training.scheduled_on > atIso.slice(0, 10))
      throw conflict('serviceLoop.errors.trainingInFuture', { date: training.scheduled_on }, 'attendance');
    const known = new Set((await listAttendees(trx, [id])).map((attendee) => attendee.id));
    for (const [index, entry] of input.attendance.entries()) {
      if (!known.has(entry.attendeeId))
        throw invalid('errors.unknownReference', `attendance.${index}.attendeeId`, { entity: 'attendee', id: entry.attendeeId });
      await recordAttendance(trx, entry.attendeeId, entry.attended, atIso);
    }
    await insertAttendees(
      trx,
      (input.walkIns ?? []).map((walkIn) => ({
        id: newId(),
        training_id: id,
        name: walkIn.name.trim(),
        email: walkIn.email ?? null,
        contact_id: null,
        attended: 1,
        recorded_at: atIso,
      })),
    );
    const firstTime = training.status === 'planned';
    await updateTraining(trx, id, { status: 'held', held_at: training.held_at ?? atIso, updated_at: atIso });
    await recordChangeBy(trx, actor, atIso, 'training.attendance', ['training', id], { after: input });
    if (firstTime) await createSurveyFor(trx, context, { kind: 'training', training: (await findTrainingById(trx, id))! });
    return (await findTrainingListRow(trx, id))!;
  });
}
