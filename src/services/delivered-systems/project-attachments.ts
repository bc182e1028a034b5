import type { Actor } from '../../domain/access/permissions.js';
import {
  deleteAttachment,
  findAttachment,
  insertAttachment,
  listAttachments,
  type ProjectAttachmentRow,
} from '../../storage/repositories/projects.js';
import { recordChangeBy } from '../audit.js';
import { newId, nowIso, type ServiceContext } from '../context.js';
import { fileKey } from '../../storage/file-store.js';
import { invalid, notFound, ServiceError } from '../errors.js';
import { acceptedConfigurationType, describeFile, safeFileName } from '../attachments/file-kinds.js';
import { attachmentMaxBytes, filesOf, sizeInWords, withStoredFiles } from '../attachments/stored-files.js';
import { loadProjectFor } from './manage-projects.js';

/**
 * Stores a file on a configuration record. The bytes go to the file store (the database on PostgreSQL, the data
 * folder on SQLite) under a generated name (the user's name is kept only as data), after type and size were checked.
 */
export async function addProjectAttachment(
  context: ServiceContext,
  actor: Actor,
  projectId: string,
  file: { fileName: string; content: Buffer },
): Promise<ProjectAttachmentRow> {
  const max = attachmentMaxBytes(context);
  if (file.content.length > max) throw invalid('errors.attachmentTooLarge', 'file', { max: sizeInWords(max) });
  const described = await describeFile(file.content);
  if (!acceptedConfigurationType(described.contentType)) throw new ServiceError('invalid', 'errors.attachmentTypeNotAllowed', {}, 'file');
  await loadProjectFor(context.storage.db, actor, projectId, 'change');
  const at = nowIso(context);
  const id = newId();
  const storedName = `${id}.bin`;
  const key = fileKey('project-attachments', id);
  return withStoredFiles(context, [key], (store) =>
    context.storage.transaction(async (trx) => {
      await store.put(trx, key, file.content, at);
      const row: ProjectAttachmentRow = {
        id,
        project_id: projectId,
        file_name: safeFileName(file.fileName),
        content_type: described.contentType,
        size_bytes: file.content.length,
        sha256: described.sha256,
        stored_name: storedName,
        uploaded_by: actor.userId,
        created_at: at,
      };
      await insertAttachment(trx, row);
      await recordChangeBy(trx, actor, at, 'project.attachment-added', ['project', projectId], { after: row });
      return row;
    }),
  );
}

/** Files of configuration records keep their generated name (`<id>.bin`) as their key in the file store. */
function storedKey(attachment: Pick<ProjectAttachmentRow, 'stored_name'>): string {
  return fileKey('project-attachments', attachment.stored_name.replace(/\.bin$/, ''));
}

export async function listProjectAttachments(context: ServiceContext, actor: Actor, projectId: string): Promise<ProjectAttachmentRow[]> {
  await loadProjectFor(context.storage.db, actor, projectId);
  return listAttachments(context.storage.db, projectId);
}

export async function readProjectAttachment(
  context: ServiceContext,
  actor: Actor,
  projectId: string,
  attachmentId: string,
): Promise<{ attachment: ProjectAttachmentRow; content: Buffer }> {
  await loadProjectFor(context.storage.db, actor, projectId);
  const attachment = await findAttachment(context.storage.db, projectId, attachmentId);
  if (!attachment) throw notFound('attachment', attachmentId);
  const content = await filesOf(context).read(context.storage.db, storedKey(attachment));
  if (!content) throw notFound('attachment', attachmentId);
  return { attachment, content };
}

/**
 * Removes a file from a configuration record (uploaded by mistake, or replaced by a newer drawing). The record goes in
 * the transaction with its audit entry; the file is removed after the commit, so a failed removal leaves no record
 * pointing at a missing file.
 */
export async function removeProjectAttachment(
  context: ServiceContext,
  actor: Actor,
  projectId: string,
  attachmentId: string,
): Promise<void> {
  const at = nowIso(context);
  const store = filesOf(context);
  const afterCommit = await context.storage.transaction(async (trx) => {
    await loadProjectFor(trx, actor, projectId);
    const attachment = await findAttachment(trx, projectId, attachmentId);
    if (!attachment) throw notFound('attachment', attachmentId);
    await deleteAttachment(trx, projectId, attachmentId);
    await recordChangeBy(trx, actor, at, 'project.attachment-removed', ['project', projectId], { before: attachment });
    return store.remove(trx, [storedKey(attachment)]);
  });
  await afterCommit();
}
