import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../db.js';

/**
 * Files on cases, and one store for the bytes of every uploaded file that all instances can read.
 *
 * - `stored_files` (PostgreSQL only): the bytes themselves, so several instances on one database all serve every
 *   file. On SQLite (one instance, one data folder) the bytes stay in files under the data folder; see
 *   `src/storage/file-store.ts`.
 * - `case_attachments`: a file on a case. `event_id` is the timeline entry it came with (a public reply, an internal
 *   note, a mailed-in reply, the mail that opened the case); null while it is an upload not yet sent with a message,
 *   seen only by who uploaded it. `visibility` is the entry's, copied so a download needs no join.
 * - `outbox_messages.attachment_ids_json`: the case attachments a mail carries, by reference; the sender reads the
 *   bytes from the file store when it sends, so the outbox row stays small.
 */
export function caseAttachments(dialect: DialectName) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      if (dialect === 'postgres') {
        await db.schema
          .createTable('stored_files')
          .addColumn('key', 'text', (c) => c.primaryKey())
          .addColumn('content', sql`bytea`, (c) => c.notNull())
          .addColumn('size_bytes', 'integer', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
      }
      await db.schema
        .createTable('case_attachments')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
        .addColumn('event_id', 'text')
        .addColumn('visibility', 'text', (c) => c.notNull())
        .addColumn('file_name', 'text', (c) => c.notNull())
        .addColumn('content_type', 'text', (c) => c.notNull())
        .addColumn('size_bytes', 'integer', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('storage_key', 'text', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('uploaded_by', 'text')
        .addColumn('uploaded_by_name', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('case_attachments_case').on('case_attachments').columns(['case_id', 'id']).execute();
      await db.schema.createIndex('case_attachments_event').on('case_attachments').column('event_id').execute();
      await db.schema.alterTable('outbox_messages').addColumn('attachment_ids_json', 'text').execute();
    },
  };
}
