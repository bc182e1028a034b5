import { organizationScope } from '../../domain/access/organization-scope.js';
import type { Actor } from '../../domain/access/permissions.js';
import { mayReadTraining } from '../../domain/access/policies/trainings.js';
import { toPage, type Page } from '../../storage/repositories/pagination.js';
import {
  findTrainingListRow,
  listAttendees,
  listTrainings,
  type TrainingAttendeeRow,
  type TrainingListRow,
} from '../../storage/repositories/trainings.js';
import { cursorId } from '../people/manage-users.js';
import type { ServiceContext } from '../context.js';
import { notFound } from '../errors.js';

export type TrainingDetails = TrainingListRow & { attendees: TrainingAttendeeRow[] };

/** Trainings newest first with their attendees; customers see their own organisation's only. */
export async function listTrainingsFor(
  context: ServiceContext,
  actor: Actor,
  query: {
    organizationId?: string | undefined;
    trainerId?: string | undefined;
    caseId?: string | undefined;
    cursor?: string | undefined;
    limit: number;
  },
): Promise<Page<TrainingDetails>> {
  const afterId = cursorId(query.cursor);
  const scope = organizationScope(actor, query.organizationId);
  if (!scope) return { items: [], nextCursor: null };
  const rows = await listTrainings(context.storage.db, {
    organizationId: scope.organizationId,
    trainerUserId: query.trainerId,
    caseId: query.caseId,
    afterId: typeof afterId === 'string' ? afterId : undefined,
    limit: query.limit,
  });
  const page = toPage(
    rows,
    query.limit,
    (row) => row,
    (row) => [row.id],
  );
  const attendees = await listAttendees(
    context.storage.db,
    page.items.map((row) => row.id),
  );
  return {
    ...page,
    items: page.items.map((row) => ({ ...row, attendees: attendees.filter((attendee) => attendee.training_id === row.id) })),
  };
}

export async function getTraining(context: ServiceContext, actor: Actor, id: string): Promise<TrainingDetails> {
  const row = await findTrainingListRow(context.storage.db, id);
  if (!row || !mayReadTraining(actor, { organizationId: row.organization_id })) throw notFound('training', id);
  return { ...row, attendees: await listAttendees(context.storage.db, [id]) };
}
