import { decodeCursor, toPage, type IdPage, type Page } from '../storage/repositories/pagination.js';
import { invalid } from './errors.js';

/** The id a list's cursor carries (the last row's); a cursor CaseDesk did not make is a 400 naming `cursor`. */
export function cursorId(cursor: string | undefined): string | undefined {
  if (cursor === undefined) return undefined;
  const values = decodeCursor(cursor);
  const id = values?.[0];
  if (typeof id !== 'string') throw invalid('errors.badCursor', 'cursor');
  return id;
}

/**
 * One page of a list in id order (oldest or newest first, as its repository reads it): the cursor is read first, so
 * a bad one is refused whatever the list holds; `read` gets the rows' page (`inIdOrder` in the repository).
 */
export async function pageById<Row extends { id: string }>(
  query: { cursor?: string | undefined; limit: number },
  read: (page: IdPage) => Promise<Row[]>,
): Promise<Page<Row>> {
  const afterId = cursorId(query.cursor);
  const rows = await read(afterId === undefined ? { limit: query.limit } : { afterId, limit: query.limit });
  return toPage(
    rows,
    query.limit,
    (row) => row,
    (row) => [row.id],
  );
}
