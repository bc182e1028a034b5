import { DEFAULT_ATTACHMENT_MAX_BYTES } from '../../config.js';
import { fileStoreOf, type FileStore } from '../../storage/file-store.js';
import type { ServiceContext } from '../context.js';
import { ServiceError } from '../errors.js';

/** The largest file an upload or a mailed-in attachment may be (`CASEDESK_ATTACHMENT_MAX_BYTES`). */
export function attachmentMaxBytes(context: Pick<ServiceContext, 'attachmentMaxBytes'>): number {
  return context.attachmentMaxBytes ?? DEFAULT_ATTACHMENT_MAX_BYTES;
}

/** The limit in words for messages: `20 MB`, `512 KB`, `900 bytes`. */
export function sizeInWords(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;
  if (bytes >= 1024) return `${Math.round((bytes / 1024) * 10) / 10} KB`;
  return `${bytes} bytes`;
}

/** Where this installation keeps the bytes of uploaded files (see `src/storage/file-store.ts`). */
export function filesOf(context: ServiceContext): FileStore {
  const store = fileStoreOf(context.storage, context.filesDir);
  if (!store) throw new ServiceError('unavailable', 'errors.unavailable', { reason: 'no folder for files is configured' });
  return store;
}

/**
 * Runs `work` (which stores files with `put` and writes their records) in one transaction; if it fails, files
 * written outside the database are removed again, so no orphan is left behind.
 */
export async function withStoredFiles<T>(
  context: ServiceContext,
  keys: readonly string[],
  work: (store: FileStore) => Promise<T>,
): Promise<T> {
  const store = filesOf(context);
  try {
    return await work(store);
  } catch (error) {
    await store.discardUnsaved(keys);
    throw error;
  }
}
