import { sql, type SelectQueryBuilder, type StringReference } from 'kysely';

/** Cursor pagination shared by every list: the cursor is an opaque token of the last row's sort key and id. */

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

export function encodeCursor(values: (string | number | null)[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

/** Returns null for a cursor that was not made by `encodeCursor`, so the caller can answer 400. */
export function decodeCursor(cursor: string): (string | number | null)[] | null {
  try {
    const decoded: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!Array.isArray(decoded)) return null;
    if (!decoded.every((value) => value === null || typeof value === 'string' || typeof value === 'number')) return null;
    return decoded as (string | number | null)[];
  } catch {
    return null;
  }
}

/** Rows were fetched with limit + 1; the extra row only tells that another page exists. */
export function toPage<Row, T>(
  rows: Row[],
  limit: number,
  present: (row: Row) => T,
  cursorOf: (row: Row) => (string | number | null)[],
): Page<T> {
  const hasMore = rows.length > limit;
  const pageRows = hasMore ? rows.slice(0, limit) : rows;
  const last = pageRows.at(-1);
  return {
    items: pageRows.map(present),
    nextCursor: hasMore && last !== undefined ? encodeCursor(cursorOf(last)) : null,
  };
}

/** What a list in id order reads: the rows past the cursor's id (none: from the start), `limit` of them. */
export interface IdPage {
  afterId?: string | undefined;
  limit: number;
}

/**
 * One page of a list in id order, oldest first, or newest first (ids are UUIDv7, so they sort by creation): the rows
 * past the cursor's id, and one more, which only tells `toPage` that another page exists.
 */
export function inIdOrder<DB, TB extends keyof DB, O>(
  query: SelectQueryBuilder<DB, TB, O>,
  idColumn: StringReference<DB, TB>,
  page: IdPage,
  order: 'oldest first' | 'newest first' = 'oldest first',
): SelectQueryBuilder<DB, TB, O> {
  const id = sql.ref(idColumn);
  const newestFirst = order === 'newest first';
  const rest = page.afterId ? query.where(id, newestFirst ? '<' : '>', page.afterId) : query;
  return (newestFirst ? rest.orderBy(id, 'desc') : rest.orderBy(id)).limit(page.limit + 1);
}

/** Narrows a list to the filters given: `column = value` for each value that is not empty, in the order written. */
export function whereGiven<DB, TB extends keyof DB, O>(
  query: SelectQueryBuilder<DB, TB, O>,
  filters: Partial<Record<StringReference<DB, TB>, string | null | undefined>>,
): SelectQueryBuilder<DB, TB, O> {
  let narrowed = query;
  for (const [column, value] of Object.entries<string | null | undefined>(filters)) {
    if (value) narrowed = narrowed.where(sql.ref(column), '=', value);
  }
  return narrowed;
}
