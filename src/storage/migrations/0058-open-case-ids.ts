import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../dialect.js';

/**
 * Search filtered to open (or closed) cases on SQLite (issue #15): each of a term's newest texts is checked against
 * its case, and looking a case up by its text id, then reading its row for `resolved_at`, cost more than reading the
 * text. The ids of the open cases alone, a few percent of all, answer it from a small index
 * (`repositories/case-search.ts` names it). PostgreSQL joins the texts to the cases as before and gets no index.
 */
export function openCaseIds(dialect: DialectName) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      if (dialect === 'sqlite') await sql`create index cases_open_ids on cases (id) where resolved_at is null`.execute(db);
    },
    async down(db: Kysely<unknown>): Promise<void> {
      if (dialect === 'sqlite') await db.schema.dropIndex('cases_open_ids').execute();
    },
  };
}
