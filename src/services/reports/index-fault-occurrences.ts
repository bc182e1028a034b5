import { indexChangedFaultsBatch, pendingFaultChanges, rebuildFaultOccurrences } from '../../storage/repositories/fault-occurrences.js';
import type { ServiceContext } from '../context.js';
import { catchUpWithCaseChanges } from '../search/index-case-search.js';

const BATCH = 500;
/**
 * More changes waiting than this (a bulk load of cases) and one set-based rebuild is faster than unit by unit. Kept
 * high: on SQLite the rebuild holds the one write lock for its whole run (about a minute at a million cases), while
 * a batch holds it for milliseconds.
 */
const REBUILD_ABOVE = 200_000;

/**
 * One pass of the fault indexer: brings `fault_occurrences` (what the repeat-fault report reads) up to date with
 * every case changed since its cursor, a batch per transaction. Every instance runs it (background-jobs.ts); on
 * PostgreSQL one instance at a time holds the cursor and the others skip their turn. Returns the changes read.
 */
export async function indexFaultOccurrences(context: Pick<ServiceContext, 'storage'>, batch = BATCH): Promise<number> {
  if ((await pendingFaultChanges(context.storage.db)) > REBUILD_ABOVE) {
    await context.storage.transaction((trx) => rebuildFaultOccurrences(trx));
  }
  let indexed = 0;
  for (;;) {
    const read = await context.storage.transaction((trx) => indexChangedFaultsBatch(trx, batch));
    indexed += read;
    if (read < batch) return indexed;
  }
}

/** Runs the fault indexer until it has read every case change committed before the call (tests, the benchmark). */
export function indexFaultOccurrencesNow(context: Pick<ServiceContext, 'storage'>, timeoutMs = 30_000): Promise<void> {
  return catchUpWithCaseChanges(context, 'fault_occurrence_cursor', () => indexFaultOccurrences(context), timeoutMs);
}
