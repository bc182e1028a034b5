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

/** The files sent with these timeline entries of a case (drafts not yet sent have none), oldest first. */
export async function listCaseAttachmentsOfEntries(
  executor: Executor,
  caseId: string,
  eventIds: readonly string[],
): Promise<CaseAttachmentRow[]> {
  if (eventIds.length === 0) return [];
  return executor
    .selectFrom('case_attachments')
    .selectAll()
    .where('case_id', '=', caseId)
    .where('event_id', 'in', [...eventIds])
    .orderBy('id')
    .execute();
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

/**
 * Sends uploads made while a case was being logged with the case that was opened: ties them to the case and its
 * entry. Only uploads of `uploadedBy` that have no case yet are taken; returns how many were.
 */
export async function claimUploadsForCase(
  executor: Executor,
  ids: readonly string[],
  uploadedBy: string,
  owner: { caseId: string; eventId: string; visibility: string },
): Promise<number> {
  if (ids.length === 0) return 0;
  const result = await executor
    .updateTable('case_attachments')
    .set({ case_id: owner.caseId, event_id: owner.eventId, visibility: owner.visibility })
    .where('id', 'in', [...ids])
    .where('case_id', 'is', null)
    .where('event_id', 'is', null)
    .where('uploaded_by', '=', uploadedBy)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** An upload made for a case not yet logged, if `uploadedBy` made it and no case has taken it. */
export async function findUploadForNewCase(executor: Executor, id: string, uploadedBy: string): Promise<CaseAttachmentRow | undefined> {
  return executor
    .selectFrom('case_attachments')
    .selectAll()
    .where('id', '=', id)
    .where('case_id', 'is', null)
    .where('event_id', 'is', null)
    .where('uploaded_by', '=', uploadedBy)
    .executeTakeFirst();
}

/** Up to `limit` uploads never sent with a message and uploaded before `before`, oldest first. */
export async function findUnsentUploadsBefore(
  executor: Executor,
  before: string,
  limit: number,
): Promise<Pick<CaseAttachmentRow, 'id' | 'storage_key'>[]> {
  return executor
    .selectFrom('case_attachments')
    .select(['id', 'storage_key'])
    .where('event_id', 'is', null)
    .where('created_at', '<', before)
    .orderBy('created_at')
    .orderBy('id')
    .limit(limit)
    .execute();
}

/**
 * Deletes these uploads if they are still unsent and older than `before` (a message may have taken one meanwhile,
 * another instance may have deleted it): returns the storage keys of the rows this call deleted, none twice.
 */
export async function deleteUnsentUploads(executor: Executor, ids: readonly string[], before: string): Promise<string[]> {
  if (ids.length === 0) return [];
  const deleted = await executor
    .deleteFrom('case_attachments')
    .where('id', 'in', [...ids])
    .where('event_id', 'is', null)
    .where('created_at', '<', before)
    .returning('storage_key')
    .execute();
  return deleted.map((row) => row.storage_key);
}
