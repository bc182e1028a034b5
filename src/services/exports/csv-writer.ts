import { stringify } from 'csv-stringify/sync';
import type { Language } from '../../domain/access/roles.js';
import { localMinute } from '../../domain/calendar/local-time.js';
import { translate } from '../../i18n/translate.js';
import type { Page } from '../../storage/repositories/pagination.js';
import type { ServiceContext } from '../context.js';
import { companyTimeZone } from '../delivered-systems/support/company-today.js';

/** How a cell reads its value in the reader's language: texts by key, instants in the company's time zone. */
export interface CellFormat {
  t: (key: string) => string;
  /** An instant as local date and minute with its offset ("2026-03-01 17:30 UTC+08:00"); empty for none. */
  when: (instant: string | null) => string;
}

/** One column of a list's CSV: its header (`listCsv.<kind>.<key>` in the reader's language) and each row's cell. */
export interface CsvColumn<Row> {
  key: string;
  cell: (row: Row, format: CellFormat) => string | number | null;
}

export const csvColumn = <Row>(key: string, cell: CsvColumn<Row>['cell']): CsvColumn<Row> => ({ key, cell });

/** A CSV file on its way: the name to save it under and its text, a page of rows at a time. */
export interface CsvDownload {
  fileName: string;
  chunks: AsyncIterable<string>;
}

/** Rows read a page at a time: the first page is read when the export starts, the rest as the file is sent. */
export type RowPages<Row> = AsyncIterator<Row[]>;

/** Every page of a cursor-paged list, in the list's own order, each read only when the one before has been sent. */
export async function* cursorPages<Row>(read: (cursor: string | undefined) => Promise<Page<Row>>): AsyncGenerator<Row[]> {
  let cursor: string | undefined;
  for (;;) {
    const page = await read(cursor);
    yield page.items;
    if (!page.nextCursor) return;
    cursor = page.nextCursor;
  }
}

/** Each page of `pages` turned into other rows (for looking up what the rows only name by id, once per page). */
export async function* mapPages<Row, Out>(pages: RowPages<Row>, map: (rows: Row[]) => Promise<Out[]>): AsyncGenerator<Out[]> {
  for (;;) {
    const next = await pages.next();
    if (next.done) return;
    yield await map(next.value);
  }
}

/**
 * The one writer of the lists' CSV exports: a byte-order mark (so spreadsheet programs open Chinese text as UTF-8,
 * as the reports' CSV does), a header row in the reader's language, then the rows, written with the CSV library
 * (RFC 4180 quoting) page by page so a long list never sits in memory whole. The first page is read before this
 * returns: a caller the list refuses gets its error (403, 404) instead of a broken download.
 */
export async function writeListCsv<Row>(
  context: ServiceContext,
  language: Language,
  list: { kind: string; fileName: string; columns: CsvColumn<Row>[] },
  pages: RowPages<Row>,
): Promise<CsvDownload> {
  const first = await pages.next();
  const timeZone = await companyTimeZone(context.storage.db);
  const format: CellFormat = {
    t: (key) => translate(language, key),
    when: (instant) => (instant ? localMinute(instant, timeZone) : ''),
  };
  const line = (row: Row) =>
    list.columns.map((column) => {
      const value = column.cell(row, format);
      return value === null ? '' : String(value);
    });
  async function* chunks(): AsyncGenerator<string> {
    yield `\uFEFF${stringify([list.columns.map((column) => format.t(`listCsv.${list.kind}.${column.key}`))])}`;
    for (let page = first; !page.done; page = await pages.next()) {
      if (page.value.length > 0) yield stringify(page.value.map(line));
    }
  }
  return { fileName: list.fileName, chunks: chunks() };
}
