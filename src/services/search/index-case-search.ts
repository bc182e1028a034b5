import { indexChangedCasesBatch, lastCaseChange } from '../../storage/repositories/case-search-index.js';
import { feedCursor, type FeedCursorTable } from '../../storage/repositories/case-changes.js';
import type { ServiceContext } from '../context.js';

const BATCH = 500;

/**
 * One pass of the search indexer: brings `case_search_texts` up to date with every case changed since the cursor,
 * a batch of cases per transaction (texts written and cursor moved together). Every instance runs it every half
 * second (background-jobs.ts); on PostgreSQL one instance at a time holds the cursor and the others skip their
 * turn. Tests run it before searching. Returns how many case changes it indexed.
 */
export async function indexCaseSearch(context: Pick<ServiceContext, 'storage'>, batch = BATCH): Promise<number> {
  let indexed = 0;
  for (;;) {
    const read = await context.storage.transaction((trx) => indexChangedCasesBatch(trx, batch));
    indexed += read;
    if (read < batch) return indexed;
  }
}

/**
 * Runs `pass` until the reader at `cursorTable` has read every case change committed before the call (tests read
 * right after writing). On PostgreSQL a reader reads no change newer than the oldest transaction still running
 * anywhere on the server, so this may take a few passes on a busy server.
 */
export async function catchUpWithCaseChanges(
  context: Pick<ServiceContext, 'storage'>,
  cursorTable: FeedCursorTable,
  pass: () => Promise<number>,
  timeoutMs: number,
): Promise<void> {
  const target = await lastCaseChange(context.storage.db);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await pass();
    const cursor = await feedCursor(context.storage.db, cursorTable);
    if (!target || cursor.tx > target.tx || (cursor.tx === target.tx && cursor.seq >= target.seq)) return;
    if (Date.now() > deadline) throw new Error(`the reader of ${cursorTable} did not catch up`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Runs the search indexer until it has read every case change committed before the call. */
export function indexCaseSearchNow(context: Pick<ServiceContext, 'storage'>, timeoutMs = 30_000): Promise<void> {
  return catchUpWithCaseChanges(context, 'case_search_cursor', () => indexCaseSearch(context), timeoutMs);
}
