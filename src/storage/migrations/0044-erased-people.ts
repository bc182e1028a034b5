import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../dialect.js';

const APPEND_ONLY = ['case_events', 'audit_log'];

async function run(db: Kysely<unknown>, statement: string): Promise<void> {
  await sql.raw(statement).execute(db);
}

/**
 * Erasing a person's data (pseudonymisation).
 * - `contacts.erased_at`, `users.erased_at`: when the person was erased; null while they are themselves.
 * - The timeline and the audit log stay append-only, with one sanctioned exception: an erasure rewrites the texts
 *   that name the person. The erasing transaction holds a row of `personal_data_erasures` while it rewrites (and
 *   removes it before it commits); the guard triggers let an UPDATE through only while such a row is visible to the
 *   writing transaction, which on both databases means: inside that transaction. Deleting stays forbidden.
 */
export function erasedPeople(dialect: DialectName) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('contacts').addColumn('erased_at', 'text').execute();
      await db.schema.alterTable('users').addColumn('erased_at', 'text').execute();
      await db.schema
        .createTable('personal_data_erasures')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .execute();
      if (dialect === 'sqlite') {
        for (const table of APPEND_ONLY) {
          await run(db, `DROP TRIGGER ${table}_no_update`);
          await run(
            db,
            `CREATE TRIGGER ${table}_no_update BEFORE UPDATE ON ${table} WHEN NOT EXISTS (SELECT 1 FROM personal_data_erasures) ` +
              `BEGIN SELECT RAISE(ABORT, '${table} is append-only'); END`,
          );
        }
        return;
      }
      await run(
        db,
        `CREATE OR REPLACE FUNCTION casedesk_append_only_but_erasure() RETURNS trigger AS $$ BEGIN ` +
          `IF TG_OP = 'UPDATE' AND EXISTS (SELECT 1 FROM personal_data_erasures) THEN RETURN NEW; END IF; ` +
          `RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END $$ LANGUAGE plpgsql`,
      );
      for (const table of APPEND_ONLY) {
        await run(db, `DROP TRIGGER ${table}_append_only ON ${table}`);
        await run(
          db,
          `CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION casedesk_append_only_but_erasure()`,
        );
      }
    },
    async down(db: Kysely<unknown>): Promise<void> {
      if (dialect === 'sqlite') {
        for (const table of APPEND_ONLY) {
          await run(db, `DROP TRIGGER ${table}_no_update`);
          await run(
            db,
            `CREATE TRIGGER ${table}_no_update BEFORE UPDATE ON ${table} BEGIN SELECT RAISE(ABORT, '${table} is append-only'); END`,
          );
        }
      } else {
        for (const table of APPEND_ONLY) {
          await run(db, `DROP TRIGGER ${table}_append_only ON ${table}`);
          await run(
            db,
            `CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION casedesk_append_only()`,
          );
        }
        await run(db, `DROP FUNCTION casedesk_append_only_but_erasure()`);
      }
      await db.schema.dropTable('personal_data_erasures').execute();
      await db.schema.alterTable('contacts').dropColumn('erased_at').execute();
      await db.schema.alterTable('users').dropColumn('erased_at').execute();
    },
  };
}
