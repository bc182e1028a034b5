import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../db.js';

/**
 * Where each case's latest change stands in the live feed's order, kept by the database itself, and the idempotency
 * keys of case intake.
 */
export function changePositionsAndIdempotencyKeys(dialect: DialectName) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      // One row per case: the position of its latest change. Written by a trigger on every insert and update of a case,
      // so no code path can change a case without the feed hearing of it. No foreign key: the trigger writes the row
      // right after the case, and the intake path stays one index lookup cheaper.
      await db.schema
        .createTable('case_changes')
        .addColumn('case_id', 'text', (c) => c.primaryKey())
        // PostgreSQL: the writing transaction's id, so a reader can wait for transactions still running (see
        // case-change-feed.ts). SQLite: always 0 (one writer at a time, so `seq` alone follows the commits).
        .addColumn('tx', 'bigint', (c) => c.notNull())
        .addColumn('seq', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('case_changes_position').on('case_changes').columns(['tx', 'seq']).execute();

      if (dialect === 'postgres') {
        await sql`CREATE SEQUENCE case_change_seq`.execute(db);
        await sql
          .raw(
            `CREATE FUNCTION casedesk_note_case_change() RETURNS trigger AS $$ BEGIN ` +
              `INSERT INTO case_changes (case_id, tx, seq) ` +
              `VALUES (NEW.id, pg_current_xact_id()::text::bigint, nextval('case_change_seq')) ` +
              `ON CONFLICT (case_id) DO UPDATE SET tx = excluded.tx, seq = excluded.seq; ` +
              `RETURN NULL; END $$ LANGUAGE plpgsql`,
          )
          .execute(db);
        await sql
          .raw(`CREATE TRIGGER cases_note_change AFTER INSERT OR UPDATE ON cases FOR EACH ROW EXECUTE FUNCTION casedesk_note_case_change()`)
          .execute(db);
      } else {
        for (const operation of ['INSERT', 'UPDATE']) {
          await sql
            .raw(
              `CREATE TRIGGER cases_note_change_on_${operation.toLowerCase()} AFTER ${operation} ON cases BEGIN ` +
                `INSERT INTO case_changes (case_id, tx, seq) ` +
                `VALUES (NEW.id, 0, (SELECT coalesce(max(seq), 0) + 1 FROM case_changes WHERE tx = 0)) ` +
                `ON CONFLICT (case_id) DO UPDATE SET tx = excluded.tx, seq = excluded.seq; END`,
            )
            .execute(db);
        }
      }

      // A client's key for one request, so a retry after a lost answer gets the first answer instead of a second case.
      await db.schema
        .createTable('idempotency_keys')
        .addColumn('caller_id', 'text', (c) => c.notNull())
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('operation', 'text', (c) => c.notNull())
        .addColumn('request_hash', 'text', (c) => c.notNull())
        .addColumn('resource_id', 'text', (c) => c.notNull())
        .addColumn('response_status', 'integer')
        .addColumn('response_json', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        // The last guard of "exactly once": one request per key per caller, whichever instance took it.
        .addPrimaryKeyConstraint('idempotency_keys_pk', ['caller_id', 'key'])
        .execute();
      await db.schema.createIndex('idempotency_keys_expiry').on('idempotency_keys').column('expires_at').execute();
    },
  };
}
