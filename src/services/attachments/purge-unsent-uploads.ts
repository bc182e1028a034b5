import { DEFAULT_UNSENT_UPLOAD_MAX_AGE_HOURS } from '../../config.js';
import { deleteUnsentUploads, findUnsentUploadsBefore } from '../../storage/repositories/case-attachments.js';
import type { ServiceContext } from '../context.js';
import { filesOf } from './stored-files.js';

/** How many uploads one transaction deletes. */
const BATCH = 200;

/**
 * Deletes case uploads that were never sent with a reply, note or portal message and are older than
 * `maxAgeHours` (`CASEDESK_UNSENT_UPLOAD_MAX_AGE_HOURS`), with their bytes (the row of `stored_files` on PostgreSQL, in the same transaction; the file in the
 * data folder on SQLite, after the commit). Run by every instance: the delete is conditional (still unsent, still
 * old), so an upload sent meanwhile stays, two instances at once delete each upload once, and a file already gone is
 * no error. Returns how many uploads this call deleted.
 */
export async function purgeUnsentUploads(context: ServiceContext, maxAgeHours = DEFAULT_UNSENT_UPLOAD_MAX_AGE_HOURS): Promise<number> {
  const before = new Date(context.clock.now().getTime() - maxAgeHours * 3_600_000).toISOString();
  let purged = 0;
  for (;;) {
    const due = await findUnsentUploadsBefore(context.storage.db, before, BATCH);
    if (due.length === 0) return purged;
    const store = filesOf(context);
    const { keys, removeFiles } = await context.storage.transaction(async (trx) => {
      const deletedKeys = await deleteUnsentUploads(
        trx,
        due.map((row) => row.id),
        before,
      );
      return { keys: deletedKeys, removeFiles: await store.remove(trx, deletedKeys) };
    });
    await removeFiles();
    purged += keys.length;
    // Another instance took this batch: what is left is theirs or the next run's.
    if (due.length < BATCH || keys.length === 0) return purged;
  }
}
