import type { Actor } from '../../domain/access/permissions.js';
import { mayChangeTraining, mayReadTraining } from '../../domain/access/policies/trainings.js';
import type { Executor } from '../../storage/db.js';
import {
  deleteAttendees,
  findTrainingForUpdate,
  findTrainingListRow,
  insertAttendees,
  listAttendees,
  updateTraining,
  type TrainingAttendeeRow,
  type TrainingListRow,
  type TrainingRow,
} from '../../storage/repositories/trainings.js';
import { recordChangeBy } from '../audit.js';
import type { ServiceContext } from '../context.js';
import { conflict, forbidden, invalid, notFound } from '../errors.js';
import { requireActiveStaff } from '../visits/staff-user.js';
import { attendeeRows, checkReferences, type PlanTrainingInput } from './plan-training.js';
import { mailAttendees, mailFactsOf, type TrainingMailRecipient } from './training-mail.js';

export interface TrainingChanges {
  topic?: string | undefined;
  trainerUserId?: string | undefined;
  date?: string | undefined;
  startTime?: string | null | undefined;
  endTime?: string | null | undefined;
  place?: string | undefined;
  /** The whole list of invitees: those kept (by `id`, contact or address), those added, and — left out — those removed. */
  attendees?:
    { id?: string | undefined; name: string; email?: string | null | undefined; contactId?: string | null | undefined }[] | undefined;
}

/** A planned training, locked, that the actor may change: held or cancelled ones are what they were (409). */
async function loadPlannedTraining(executor: Executor, actor: Actor, id: string): Promise<TrainingRow> {
  const training = await findTrainingForUpdate(executor, id);
  if (!training || !mayReadTraining(actor, { organizationId: training.organization_id })) throw notFound('training', id);
  if (!mayChangeTraining(actor, { organizationId: training.organization_id })) throw forbidden();
  if (training.status === 'cancelled') throw conflict('serviceLoop.errors.trainingCancelled', { topic: training.topic }, 'status');
  if (training.status === 'held') throw conflict('serviceLoop.errors.trainingHeld', { topic: training.topic }, 'status');
  return training;
}

const recipientOf = (row: TrainingAttendeeRow): TrainingMailRecipient => ({
  id: row.id,
  name: row.name,
  email: row.email,
  contactId: row.contact_id,
});

/** Which listed invitee is which existing attendee: by id, else by contact, else by address. */
function matchAttendees(existing: TrainingAttendeeRow[], wanted: NonNullable<TrainingChanges['attendees']>) {
  const unmatched = new Map(existing.map((row) => [row.id, row]));
  const kept: TrainingAttendeeRow[] = [];
  const added: typeof wanted = [];
  for (const [index, entry] of wanted.entries()) {
    const address = entry.email?.toLowerCase();
    const match = entry.id
      ? unmatched.get(entry.id)
      : [...unmatched.values()].find(
          (row) => (entry.contactId && row.contact_id === entry.contactId) || (address && row.email?.toLowerCase() === address),
        );
    if (entry.id && !match) throw invalid('errors.unknownReference', `attendees.${index}.id`, { entity: 'attendee', id: entry.id });
    if (match) {
      unmatched.delete(match.id);
      kept.push(match);
    } else added.push(entry);
  }
  return { kept, added, removed: [...unmatched.values()] };
}

/**
 * Changes a planned training: its topic, trainer, day, time, place and invitees. Invitees who stay hear what changed,
 * newly invited ones get the invitation, and those taken off the list are told they are no longer invited — each in
 * their language, in the training's mail thread.
 */
export async function changeTraining(
  context: ServiceContext,
  actor: Actor,
  id: string,
  changes: TrainingChanges,
): Promise<TrainingListRow> {
  return context.storage.transaction(async (trx) => {
    const before = await loadPlannedTraining(trx, actor, id);
    const startTime = changes.startTime !== undefined ? changes.startTime : before.start_time;
    const endTime = changes.endTime !== undefined ? changes.endTime : before.end_time;
    if (startTime && endTime && endTime <= startTime) throw invalid('errors.endBeforeStart', 'endTime');
    if (changes.trainerUserId !== undefined && changes.trainerUserId !== before.trainer_user_id)
      await requireActiveStaff(trx, changes.trainerUserId, 'trainerUserId');
    const existing = await listAttendees(trx, [id]);
    const { kept, added, removed } = changes.attendees
      ? matchAttendees(existing, changes.attendees)
      : { kept: existing, added: [], removed: [] };
    const references: PlanTrainingInput = {
      organizationId: before.organization_id,
      kind: before.kind === 'display' ? 'display' : 'class',
      topic: before.topic,
      trainerUserId: before.trainer_user_id,
      date: before.scheduled_on,
      place: before.place,
      attendees: added,
    };
    await checkReferences(trx, references);

    const at = context.clock.now().toISOString();
    await updateTraining(trx, id, {
      ...(changes.topic !== undefined ? { topic: changes.topic.trim() } : {}),
      ...(changes.trainerUserId !== undefined ? { trainer_user_id: changes.trainerUserId } : {}),
      ...(changes.date !== undefined ? { scheduled_on: changes.date } : {}),
      start_time: startTime,
      end_time: endTime,
      ...(changes.place !== undefined ? { place: changes.place.trim() } : {}),
      updated_at: at,
    });
    const newRows = attendeeRows(id, added);
    await insertAttendees(trx, newRows);
    await deleteAttendees(
      trx,
      removed.map((row) => row.id),
    );
    const after = (await findTrainingForUpdate(trx, id))!;

    const [factsBefore, factsAfter] = await Promise.all([mailFactsOf(trx, before), mailFactsOf(trx, after)]);
    const detailsChanged = (['kind', 'topic', 'trainerName', 'date', 'startTime', 'endTime', 'place'] as const).some(
      (key) => factsBefore[key] !== factsAfter[key],
    );
    if (detailsChanged) await mailAttendees(trx, context, factsAfter, kept.map(recipientOf), { purpose: 'update' }, at);
    await mailAttendees(trx, context, factsAfter, newRows.map(recipientOf), { purpose: 'invitation' });
    await mailAttendees(trx, context, factsBefore, removed.map(recipientOf), { purpose: 'removal' });

    await recordChangeBy(trx, actor, at, 'training.updated', ['training', id], {
      before: { ...before, attendees: existing },
      after: { ...after, attendees: await listAttendees(trx, [id]) },
    });
    return (await findTrainingListRow(trx, id))!;
  });
}

/**
 * Cancels a planned training: every invitee hears it is cancelled (with the reason, when given), in the training's
 * mail thread. A training already held cannot be cancelled.
 */
export async function cancelTraining(
  context: ServiceContext,
  actor: Actor,
  id: string,
  input: { reason?: string | null | undefined },
): Promise<TrainingListRow> {
  return context.storage.transaction(async (trx) => {
    const before = await loadPlannedTraining(trx, actor, id);
    const at = context.clock.now().toISOString();
    const reason = input.reason?.trim() || null;
    await updateTraining(trx, id, { status: 'cancelled', cancelled_at: at, cancellation_reason: reason, updated_at: at });
    const attendees = await listAttendees(trx, [id]);
    await mailAttendees(trx, context, await mailFactsOf(trx, before), attendees.map(recipientOf), { purpose: 'cancellation', reason });
    await recordChangeBy(trx, actor, at, 'training.cancelled', ['training', id], { before, after: { status: 'cancelled', reason } });
    return (await findTrainingListRow(trx, id))!;
  });
}
