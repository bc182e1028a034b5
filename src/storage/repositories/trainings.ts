import type { Insertable, Selectable, Updateable } from 'kysely';
import { locksRows, type Executor } from '../dialect.js';
import type { TrainingAttendeesTable, TrainingsTable } from '../schema.js';
import { inIdOrder, whereGiven, type IdPage } from './pagination.js';

export type TrainingRow = Selectable<TrainingsTable>;
export type TrainingListRow = TrainingRow & { organization_name: string; trainer_name: string };
export type TrainingAttendeeRow = Selectable<TrainingAttendeesTable>;

function trainingListQuery(executor: Executor) {
  return executor
    .selectFrom('trainings')
    .innerJoin('organizations', 'organizations.id', 'trainings.organization_id')
    .innerJoin('users as trainer', 'trainer.id', 'trainings.trainer_user_id')
    .selectAll('trainings')
    .select(['organizations.name as organization_name', 'trainer.name as trainer_name']);
}

export async function insertTraining(executor: Executor, row: Insertable<TrainingsTable>): Promise<void> {
  await executor.insertInto('trainings').values(row).execute();
}

export async function updateTraining(executor: Executor, id: string, changes: Updateable<TrainingsTable>): Promise<void> {
  await executor.updateTable('trainings').set(changes).where('id', '=', id).execute();
}

export async function findTrainingById(executor: Executor, id: string): Promise<TrainingRow | undefined> {
  return executor.selectFrom('trainings').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The training, locked until the transaction ends on PostgreSQL (SQLite has a single writer): changes take turns. */
export async function findTrainingForUpdate(executor: Executor, id: string): Promise<TrainingRow | undefined> {
  const query = executor.selectFrom('trainings').selectAll().where('id', '=', id);
  return (locksRows(executor) ? query.forUpdate() : query).executeTakeFirst();
}

export async function findTrainingListRow(executor: Executor, id: string): Promise<TrainingListRow | undefined> {
  return trainingListQuery(executor).where('trainings.id', '=', id).executeTakeFirst();
}

export async function listTrainings(
  executor: Executor,
  filter: {
    organizationId?: string | undefined;
    trainerUserId?: string | undefined;
    caseId?: string | undefined;
  } & IdPage,
): Promise<TrainingListRow[]> {
  const query = whereGiven(trainingListQuery(executor), {
    'trainings.organization_id': filter.organizationId,
    'trainings.trainer_user_id': filter.trainerUserId,
    'trainings.case_id': filter.caseId,
  });
  return inIdOrder(query, 'trainings.id', filter, 'newest first').execute();
}

export async function insertAttendees(executor: Executor, rows: Insertable<TrainingAttendeesTable>[]): Promise<void> {
  if (rows.length > 0) await executor.insertInto('training_attendees').values(rows).execute();
}

export async function listAttendees(executor: Executor, trainingIds: string[]): Promise<TrainingAttendeeRow[]> {
  if (trainingIds.length === 0) return [];
  return executor.selectFrom('training_attendees').selectAll().where('training_id', 'in', trainingIds).orderBy('id').execute();
}

export async function recordAttendance(executor: Executor, attendeeId: string, attended: boolean, at: string): Promise<void> {
  await executor
    .updateTable('training_attendees')
    .set({ attended: attended ? 1 : 0, recorded_at: at })
    .where('id', '=', attendeeId)
    .execute();
}

/** Takes people off a planned training's list (nobody has recorded their attendance yet). */
export async function deleteAttendees(executor: Executor, attendeeIds: string[]): Promise<void> {
  if (attendeeIds.length > 0) await executor.deleteFrom('training_attendees').where('id', 'in', attendeeIds).execute();
}
