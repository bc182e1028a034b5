import type { Actor } from '../../domain/access/permissions.js';
import type { MailAttachment } from '../../mail/transport.js';
import {
  mayReadCaseAttachment,
  mayUploadCaseAttachment,
  mayUploadForNewCase,
  type CaseAttachmentRecord,
} from '../../domain/access/policies/cases.js';
import type { Executor } from '../../storage/db.js';
import { fileKey, type FileStore } from '../../storage/file-store.js';
import {
  attachDrafts,
  claimUploadsForCase,
  findCaseAttachment,
  findCaseAttachmentsByIds,
  findUploadForNewCase,
  insertCaseAttachments,
  listCaseAttachmentsOfEntries,
  type CaseAttachmentRow,
} from '../../storage/repositories/case-attachments.js';
import { loadCaseFor } from '../cases/case-access.js';
import { recordCaseEvents } from '../cases/case-events.js';
import { newId, nowIso, type ServiceContext } from '../context.js';
import { forbidden, invalid, notFound } from '../errors.js';
import { describeFile, safeFileName } from './file-kinds.js';
import { attachmentMaxBytes, filesOf, sizeInWords, withStoredFiles } from './stored-files.js';

/** The most files one message carries. */
export const MAX_FILES_PER_MESSAGE = 20;

function policyRecord(row: Pick<CaseAttachmentRow, 'visibility' | 'event_id' | 'uploaded_by'>): CaseAttachmentRecord {
  return { visibility: row.visibility === 'internal' ? 'internal' : 'public', sent: row.event_id !== null, uploadedBy: row.uploaded_by };
}

/**
 * Uploads a file to a case, to be sent with a reply, note or portal message (`attachmentIds`). Until then it is a
 * draft only its uploader sees. Size and type are checked first; the type is decided from the bytes.
 */
export async function uploadCaseAttachment(
  context: ServiceContext,
  actor: Actor,
  caseId: string,
  file: { fileName: string; content: Buffer },
): Promise<CaseAttachmentRow> {
  checkUploadSize(context, file);
  await loadCaseFor(context.storage.db, actor, caseId, mayUploadCaseAttachment);
  return storeUpload(context, actor, caseId, file);
}

/**
 * Uploads a file while a case is being logged, before the case exists: an unsent upload only its uploader sees, sent
 * with the case when it is opened (`attachmentIds` of the new case). Checked as any other upload.
 */
export async function uploadForNewCase(
  context: ServiceContext,
  actor: Actor,
  file: { fileName: string; content: Buffer },
): Promise<CaseAttachmentRow> {
  checkUploadSize(context, file);
  if (!mayUploadForNewCase(actor)) throw forbidden();
  return storeUpload(context, actor, null, file);
}

function checkUploadSize(context: ServiceContext, file: { content: Buffer }): void {
  const max = attachmentMaxBytes(context);
  if (file.content.length > max) throw invalid('errors.attachmentTooLarge', 'file', { max: sizeInWords(max) });
  if (file.content.length === 0) throw invalid('errors.attachmentEmpty', 'file');
}

async function storeUpload(
  context: ServiceContext,
  actor: Actor,
  caseId: string | null,
  file: { fileName: string; content: Buffer },
): Promise<CaseAttachmentRow> {
  const row = await newAttachmentRow(
    context,
    { caseId, eventId: null, source: 'upload', uploadedBy: actor.userId, uploadedByName: null },
    file,
  );
  return withStoredFiles(context, [row.storage_key], (store) =>
    context.storage.transaction(async (trx) => {
      await store.put(trx, row.storage_key, file.content, row.created_at);
      await insertCaseAttachments(trx, [row]);
      return row;
    }),
  );
}

/** The record of a file on a case: a generated id and key, the name made safe, the type and checksum from the bytes. */
async function newAttachmentRow(
  context: ServiceContext,
  owner: {
    caseId: string | null;
    eventId: string | null;
    source: 'upload' | 'email';
    uploadedBy: string | null;
    uploadedByName: string | null;
  },
  file: { fileName: string; content: Buffer },
): Promise<CaseAttachmentRow> {
  const id = newId();
  const described = await describeFile(file.content);
  return {
    id,
    case_id: owner.caseId,
    event_id: owner.eventId,
    // A draft is sent later with its message, and takes that message's visibility then.
    visibility: 'public',
    file_name: safeFileName(file.fileName),
    content_type: described.contentType,
    size_bytes: file.content.length,
    sha256: described.sha256,
    storage_key: fileKey('case-attachments', id),
    source: owner.source,
    uploaded_by: owner.uploadedBy,
    uploaded_by_name: owner.uploadedByName,
    created_at: nowIso(context),
  };
}

/**
 * Sends drafts with a message written in `executor`'s transaction: each must be a draft of this case uploaded by
 * this actor; otherwise nothing is sent and the answer names `attachmentIds`.
 */
export async function sendDraftsWith(
  executor: Executor,
  actor: Actor,
  caseId: string,
  attachmentIds: readonly string[],
  message: { eventId: string; visibility: 'public' | 'internal' },
): Promise<CaseAttachmentRow[]> {
  const ids = [...new Set(attachmentIds)];
  if (ids.length === 0) return [];
  const drafts = await findCaseAttachmentsByIds(executor, ids);
  const usable = drafts.filter((row) => row.case_id === caseId && row.event_id === null && row.uploaded_by === actor.userId);
  if (usable.length !== ids.length) throw invalid('errors.attachmentsNotUsable', 'attachmentIds');
  const taken = await attachDrafts(executor, caseId, ids, message.eventId, message.visibility);
  // Sent by a concurrent message in the meantime.
  if (taken !== ids.length) throw invalid('errors.attachmentsNotUsable', 'attachmentIds');
  return usable.map((row) => ({ ...row, event_id: message.eventId, visibility: message.visibility }));
}

/**
 * Checks, before a case is opened, that the files named for it are the actor's uploads for a new case, not yet sent;
 * otherwise the answer names `attachmentIds` and nothing is written.
 */
export async function checkUploadsForNewCase(executor: Executor, actor: Actor, attachmentIds: readonly string[]): Promise<void> {
  const ids = [...new Set(attachmentIds)];
  if (ids.length === 0) return;
  const rows = await findCaseAttachmentsByIds(executor, ids);
  const usable = rows.filter((row) => row.case_id === null && row.event_id === null && row.uploaded_by === actor.userId);
  if (usable.length !== ids.length) throw invalid('errors.uploadsNotUsable', 'attachmentIds');
}

/**
 * Sends the uploads named for a new case with it, on its creation entry (public, as the case's description is), in
 * the transaction that writes the case. A file another request took meanwhile rolls the case back, naming
 * `attachmentIds`.
 */
export async function sendUploadsWithNewCase(
  executor: Executor,
  uploadedBy: string,
  attachmentIds: readonly string[],
  entry: { caseId: string; eventId: string },
): Promise<void> {
  const ids = [...new Set(attachmentIds)];
  if (ids.length === 0) return;
  const taken = await claimUploadsForCase(executor, ids, uploadedBy, { ...entry, visibility: 'public' });
  if (taken !== ids.length) throw invalid('errors.uploadsNotUsable', 'attachmentIds');
}

/** An upload for a case not yet logged, with its bytes, for its uploader's preview; anyone else gets 404. */
export async function readUploadForNewCase(
  context: ServiceContext,
  actor: Actor,
  attachmentId: string,
): Promise<{ attachment: CaseAttachmentRow; content: Buffer }> {
  const db = context.storage.db;
  const attachment = await findUploadForNewCase(db, attachmentId, actor.userId);
  const content = attachment ? await filesOf(context).read(db, attachment.storage_key) : null;
  if (!attachment || !content) throw notFound('attachment', attachmentId);
  return { attachment, content };
}

/** A file that came with an inbound mail: its name as the mail gave it, its bytes. */
export interface MailedFile {
  fileName: string;
  content: Buffer;
}

/** The files of an inbound mail over the size limit, which are not kept: their names (made safe) and sizes. */
export function mailedFilesTooLarge(context: ServiceContext, files: readonly MailedFile[]): { fileName: string; sizeBytes: number }[] {
  const max = attachmentMaxBytes(context);
  return files
    .filter((file) => file.content.length > max)
    .map((file) => ({ fileName: safeFileName(file.fileName), sizeBytes: file.content.length }));
}

/**
 * Stores the files of an inbound mail on the timeline entry it became (the case it opened, or the reply), inside
 * the mail's transaction. Files over the size limit, and empty ones, are left out (the mail itself is kept whole);
 * each file over the limit leaves an internal entry on the case's timeline naming it, its size and the limit, so
 * staff know to ask for it another way. The keys written go into `keys`, which the caller discards should its
 * transaction fail.
 */
export async function storeMailedFiles(
  executor: Executor,
  context: ServiceContext,
  store: FileStore,
  input: { caseId: string; eventId: string; files: readonly MailedFile[]; senderName: string; senderUserId: string | null },
  keys: string[],
): Promise<CaseAttachmentRow[]> {
  const max = attachmentMaxBytes(context);
  const rows: CaseAttachmentRow[] = [];
  const tooLarge = mailedFilesTooLarge(context, input.files);
  if (tooLarge.length > 0)
    await recordCaseEvents(
      executor,
      tooLarge.map((file) => ({
        caseId: input.caseId,
        at: nowIso(context),
        kind: 'case.mail-file-too-large' as const,
        actorUserId: null,
        visibility: 'internal' as const,
        data: { fileName: file.fileName, sizeBytes: file.sizeBytes, maxBytes: max, from: input.senderName },
      })),
    );
  for (const file of input.files.slice(0, MAX_FILES_PER_MESSAGE)) {
    if (file.content.length === 0 || file.content.length > max) continue;
    const row = await newAttachmentRow(
      context,
      { caseId: input.caseId, eventId: input.eventId, source: 'email', uploadedBy: input.senderUserId, uploadedByName: input.senderName },
      file,
    );
    keys.push(row.storage_key);
    await store.put(executor, row.storage_key, file.content, row.created_at);
    rows.push(row);
  }
  await insertCaseAttachments(executor, rows);
  return rows;
}

/** A file on a case with its bytes, for a download: 404 unless the actor sees the message it came with. */
export async function readCaseAttachment(
  context: ServiceContext,
  actor: Actor,
  caseId: string,
  attachmentId: string,
): Promise<{ attachment: CaseAttachmentRow; content: Buffer }> {
  const db = context.storage.db;
  const row = await loadCaseFor(db, actor, caseId, 'cases.read');
  const attachment = await findCaseAttachment(db, caseId, attachmentId);
  if (!attachment || !mayReadCaseAttachment(actor, { organizationId: row.organization_id }, policyRecord(attachment)))
    throw notFound('attachment', attachmentId);
  const content = await filesOf(context).read(db, attachment.storage_key);
  if (!content) throw notFound('attachment', attachmentId);
  return { attachment, content };
}

/** The files of these timeline entries the actor may see, by entry. The case was checked by the caller. */
export async function attachmentsOfEntries(
  executor: Executor,
  actor: Actor,
  caseRecord: { organizationId: string },
  caseId: string,
  eventIds: readonly string[],
): Promise<Map<string, CaseAttachmentRow[]>> {
  const rows = await listCaseAttachmentsOfEntries(executor, caseId, eventIds);
  const byEntry = new Map<string, CaseAttachmentRow[]>();
  for (const row of rows) {
    if (!row.event_id || !mayReadCaseAttachment(actor, caseRecord, policyRecord(row))) continue;
    byEntry.set(row.event_id, [...(byEntry.get(row.event_id) ?? []), row]);
  }
  return byEntry;
}

/**
 * The files an outbox mail carries, read from the file store when it is sent (the outbox row keeps only their ids).
 * A file that is gone is left out rather than holding the mail back for ever.
 */
export async function mailAttachmentsOf(context: ServiceContext, attachmentIdsJson: string | null): Promise<MailAttachment[]> {
  if (!attachmentIdsJson) return [];
  const ids = JSON.parse(attachmentIdsJson) as string[];
  const rows = await findCaseAttachmentsByIds(context.storage.db, ids);
  const store = filesOf(context);
  const files = await Promise.all(
    rows.map(async (row) => {
      const content = await store.read(context.storage.db, row.storage_key);
      return content ? { filename: row.file_name, contentType: row.content_type, content } : null;
    }),
  );
  return files.filter((file): file is MailAttachment => file !== null);
}
