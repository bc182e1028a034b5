import type { Insertable, Selectable } from 'kysely';
import type { Executor } from '../db.js';
import type { CaseAttachmentsTable } from '../schema.js';

export type CaseAttachmentRow = Selectable<CaseAttachmentsTable>;
export type NewCaseAttachment = Insertable<CaseAttachmentsTable>;

export async function insertCaseAttachments(executor: Executor, rows: NewCaseAttachment[]): Promise<void> {
  if (rows.length > 0) await executor.insertInto('case_attachments').values(rows).execute();
}

export async function findCaseAttachment(executor: Executor, caseId: string, id: string): Promise<CaseAttachmentRow | undefined> {
  return executor.selectFrom('case_attachments').selectAll().where('case_id', '=', caseId).where('id', '=', id).executeTakeFirst();
}

export async function findCaseAttachmentsByIds(executor: Executor, ids: readonly string[]): Promise<CaseAttachmentRow[]> {
  if (ids.length === 0) return [];
  return executor
    .selectFrom('case_attachments')
    .selectAll()
    .where('id', 'in', [...ids])
    .orderBy('id')
    .execute();
}

/** The files sent with a case's messages (drafts not yet sent are left out), oldest first. */
export async function listCaseAttachments(
  executor: Executor,
  caseId: string,
  options: { publicOnly: boolean; eventIds?: readonly string[] },
): Promise<CaseAttachmentRow[]> {
  if (options.eventIds?.length === 0) return [];
  let query = executor.selectFrom('case_attachments').selectAll().where('case_id', '=', caseId).where('event_id', 'is not', null);
  if (options.publicOnly) query = query.where('visibility', '=', 'public');
  if (options.eventIds) query = query.where('event_id', 'in', [...options.eventIds]);
  return query.orderBy('id').execute();
}

/**
 * Sends drafts with a message: ties them to its timeline entry and gives them its visibility. Only drafts of this
 * case are taken (a file sent once stays with its message); returns how many were.
 */
export async function attachDrafts(
  executor: Executor,
  caseId: string,
  ids: readonly string[],
  eventId: string,
  visibility: string,
): Promise<number> {
  if (ids.length === 0) return 0;
  const result = await executor
    .updateTable('case_attachments')
    .set({ event_id: eventId, visibility })
    .where('case_id', '=', caseId)
    .where('id', 'in', [...ids])
    .where('event_id', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
