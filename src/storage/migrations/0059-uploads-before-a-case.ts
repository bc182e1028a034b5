import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../db.js';

/**
 * Files uploaded while a case is being logged, before it exists (the portal's new case, the hotline intake):
 * `case_attachments.case_id` may be null for an upload not yet sent, and the case claims it when it is opened. Only
 * unsent uploads have no case, and the sweep of old unsent uploads deletes them as it does the others.
 *
 * PostgreSQL drops the constraint; SQLite cannot, so the table is copied into one without it (same columns, same
 * indexes).
 */
export function uploadsBeforeACase(dialect: DialectName) {
  const rebuild = async (db: Kysely<unknown>, caseId: 'nullable' | 'required') => {
    await db.schema
      .createTable('case_attachments_next')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('case_id', 'text', (c) => (caseId === 'required' ? c.notNull().references('cases.id') : c.references('cases.id')))
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
    await sql`insert into case_attachments_next select id, case_id, event_id, visibility, file_name, content_type, size_bytes,
      sha256, storage_key, source, uploaded_by, uploaded_by_name, created_at from case_attachments${
        caseId === 'required' ? sql` where case_id is not null` : sql``
      }`.execute(db);
    await db.schema.dropTable('case_attachments').execute();
    await db.schema.alterTable('case_attachments_next').renameTo('case_attachments').execute();
    await db.schema.createIndex('case_attachments_case').on('case_attachments').columns(['case_id', 'id']).execute();
    await db.schema.createIndex('case_attachments_event').on('case_attachments').column('event_id').execute();
  };
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      if (dialect === 'postgres') await sql`alter table case_attachments alter column case_id drop not null`.execute(db);
      else await rebuild(db, 'nullable');
    },
    async down(db: Kysely<unknown>): Promise<void> {
      // Uploads that never found their case go: the older release has nowhere to keep them.
      if (dialect === 'postgres') {
        await sql`delete from case_attachments where case_id is null`.execute(db);
        await sql`alter table case_attachments alter column case_id set not null`.execute(db);
      } else await rebuild(db, 'required');
    },
  };
}
