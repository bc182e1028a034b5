import { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CsvDownload } from '../services/exports/csv-writer.js';

/** Whether the caller asked for CSV (`Accept: text/csv`); JSON otherwise. */
export const wantsCsv = (request: FastifyRequest) => /\btext\/csv\b/i.test(request.headers.accept ?? '');

/** What a list route says of its CSV in the API description. */
export const LIST_CSV_NOTE =
  " With `Accept: text/csv` every matching row (not one page: `limit` and `cursor` are ignored) comes as a CSV download (UTF-8 with a byte-order mark), headed in the caller's language.";

/** Sends a CSV file as a download, streamed as it is written. */
export function sendCsv(reply: FastifyReply, download: CsvDownload): FastifyReply {
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${download.fileName}"`)
    .send(Readable.from(download.chunks));
}
