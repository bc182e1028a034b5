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
