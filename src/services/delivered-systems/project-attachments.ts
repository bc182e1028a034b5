import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Actor } from '../../domain/access/permissions.js';
import {
  deleteAttachment,
  findAttachment,
  insertAttachment,
  listAttachments,
  type ProjectAttachmentRow,
} from '../../storage/repositories/projects.js';
import { recordChange } from '../audit.js';
import { newId, nowIso, type ServiceContext } from '../context.js';
import { invalid, notFound, ServiceError } from '../errors.js';
import { loadProjectFor } from './manage-projects.js';

/** Configuration files and topology drawings are small; anything bigger is likely the wrong file. */
export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;

/** Binary kinds a configuration record takes, as `file-type` names them from the bytes. */
const ACCEPTED_BINARY_TYPES: ReadonlySet<string> = new Set([
  'application/pdf',
  'image/png',
  'image/jpeg',
  'image/gif',
  'application/zip',
  // Office and Visio files are ZIPs underneath; file-type names them by what they are.
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/vnd.ms-visio.drawing.main+xml',
]);

/**
 * The kind of an uploaded file, decided from its bytes (the `file-type` library), never by the name or the type the
 * browser claims: PDF, PNG, JPEG, GIF, ZIP and Office/Visio files, and plain UTF-8 text (configuration dumps), which
 * has no signature to recognise. Anything else is refused.
 */
export async function sniffContentType(content: Buffer): Promise<string | null> {
  const { fileTypeFromBuffer } = await import('file-type');
  const detected = await fileTypeFromBuffer(content);
  if (detected) return ACCEPTED_BINARY_TYPES.has(detected.mime) ? detected.mime : null;
  if (isPlainText(content)) return 'text/plain; charset=utf-8';
  return null;
}

function isPlainText(content: Buffer): boolean {
  if (content.length === 0) return false;
  const sample = content.subarray(0, 64 * 1024);
  for (const byte of sample) {
    // Control characters other than tab, line feed, form feed and carriage return mean binary.
    if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0c && byte !== 0x0d) return false;
  }
  // Cut at the sample end could split a character; a strict decode of whole text must succeed.
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(
      sample.length === content.length ? sample : sample.subarray(0, lastCharBoundary(sample)),
    );
    return true;
  } catch {
    return false;
  }
}

function lastCharBoundary(sample: Buffer): number {
  let end = sample.length;
  while (end > 0 && (sample[end - 1]! & 0xc0) === 0x80) end -= 1;
  return end > 0 && sample[end - 1]! >= 0xc0 ? end - 1 : sample.length;
}

/** A name safe to show and to send back in Content-Disposition: no paths, no control characters, bounded. */
export function safeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = base
    .normalize('NFC')
    .replace(/[\p{Cc}"<>|:*?]/gu, '_')
    .replace(/^\.+/, '')
    .trim()
    .slice(0, 200);
  return cleaned || 'attachment';
}

function filesDirOf(context: ServiceContext): string {
  if (!context.filesDir) throw new ServiceError('unavailable', 'errors.unavailable', { reason: 'no folder for files is configured' });
  return context.filesDir;
}

/**
 * Stores a file on a configuration record. The file lives under the data folder with a generated name (the
 * user's name is kept only as data), after its type and size were checked.
 */
export async function addProjectAttachment(
  context: ServiceContext,
  actor: Actor,
  projectId: string,
  file: { fileName: string; content: Buffer },
): Promise<ProjectAttachmentRow> {
  const dir = path.join(filesDirOf(context), 'project-attachments');
  if (file.content.length > MAX_ATTACHMENT_BYTES)
    throw invalid('errors.attachmentTooLarge', 'file', { max: `${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB` });
  const contentType = await sniffContentType(file.content);
  if (!contentType) throw new ServiceError('invalid', 'errors.attachmentTypeNotAllowed', {}, 'file');
  await loadProjectFor(context.storage.db, actor, projectId, 'change');
  const at = nowIso(context);
  const id = newId();
  const storedName = `${id}.bin`;
  await fs.promises.mkdir(dir, { recursive: true });
  const target = path.join(dir, storedName);
  await fs.promises.writeFile(target, file.content, { flag: 'wx', mode: 0o640 });
  try {
    return await context.storage.transaction(async (trx) => {
      const row: ProjectAttachmentRow = {
        id,
        project_id: projectId,
        file_name: safeFileName(file.fileName),
        content_type: contentType,
        size_bytes: file.content.length,
        sha256: createHash('sha256').update(file.content).digest('hex'),
        stored_name: storedName,
        uploaded_by: actor.userId,
        created_at: at,
      };
      await insertAttachment(trx, row);
      await recordChange(trx, {
        at,
        actorUserId: actor.userId,
        action: 'project.attachment-added',
        entityType: 'project',
        entityId: projectId,
        after: row,
      });
      return row;
    });
  } catch (error) {
    // The record was not written: do not leave an orphan file behind.
    await fs.promises.rm(target, { force: true });
    throw error;
  }
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
  const content = await fs.promises.readFile(path.join(filesDirOf(context), 'project-attachments', attachment.stored_name));
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
  const removed = await context.storage.transaction(async (trx) => {
    await loadProjectFor(trx, actor, projectId);
    const attachment = await findAttachment(trx, projectId, attachmentId);
    if (!attachment) throw notFound('attachment', attachmentId);
    await deleteAttachment(trx, projectId, attachmentId);
    await recordChange(trx, {
      at,
      actorUserId: actor.userId,
      action: 'project.attachment-removed',
      entityType: 'project',
      entityId: projectId,
      before: attachment,
    });
    return attachment;
  });
  await fs.promises.rm(path.join(filesDirOf(context), 'project-attachments', removed.stored_name), { force: true });
}
