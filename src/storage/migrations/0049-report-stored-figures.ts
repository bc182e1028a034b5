import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../dialect.js';

const RECEIVED_COLUMNS = [
  'received_at',
  'level',
  'assignee_user_id',
  'organization_id',
  'department_id',
  'first_response_due_at',
  'first_responded_at',
  'resolved_at',
] as const;

/**
 * Issue #17, the rest of a year of a million cases:
 *
 * - `cases.first_response_ms`: milliseconds from received-at to the first response, written with
 *   `first_responded_at`, so the first-response report reads a number instead of parsing two timestamps per case
 *   (half a million of them for a year). Filled here for every answered case, set-based. Nullable: the previous
 *   release keeps writing first responses without it, and the report computes the figure itself where it is null.
 * - `cases_report_received` again, now carrying `first_response_ms` (the first-response report stays one index scan).
 * - Per assignee, by received-at and by resolved-at (SQLite): the workload report counts each engineer's cases of the
 *   period as one range of these instead of sorting the period's cases by assignee.
 * - `open_case_counts`: the Operation Center's open cases per department and level, kept by triggers on `cases` in
 *   the writing transaction (whichever release or instance writes), so the dashboard adds a few rows instead of
 *   counting 600 000 index entries. Filled here from the open cases, set-based. A department's level is spread over
 *   `SLOTS` rows on PostgreSQL, each write taking one at random, so concurrent intakes of one level do not queue on
 *   one row's lock; SQLite has one writer and uses slot 0. A department is `''` when the case has none.
 */
const SLOTS = 8;

async function run(db: Kysely<unknown>, statement: string): Promise<void> {
  await sql.raw(statement).execute(db);
}

/** One SQLite upsert adding `delta` for the `row` (OLD or NEW) of the trigger when `when` holds. */
function sqliteCount(row: 'OLD' | 'NEW', delta: 1 | -1): string {
  return (
    `INSERT INTO open_case_counts (department_key, level, slot, open) SELECT coalesce(${row}.department_id, ''), ${row}.level, 0, ${delta} ` +
    `WHERE ${row}.resolved_at IS NULL ON CONFLICT (department_key, level, slot) DO UPDATE SET open = open_case_counts.open + excluded.open;`
  );
}

/** Whether an update moves a case into, out of or between open-case counts. */
const COUNT_CHANGES =
  '(OLD.resolved_at IS NULL) <> (NEW.resolved_at IS NULL) OR (NEW.resolved_at IS NULL AND ' +
  '(OLD.level <> NEW.level OR OLD.department_id IS DISTINCT FROM NEW.department_id))';

async function createOpenCaseCounts(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  await db.schema
    .createTable('open_case_counts')
    .addColumn('department_key', 'text', (c) => c.notNull())
    .addColumn('level', 'integer', (c) => c.notNull())
    .addColumn('slot', 'integer', (c) => c.notNull())
    .addColumn('open', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('open_case_counts_pk', ['department_key', 'level', 'slot'])
    .execute();
  await sql`insert into open_case_counts (department_key, level, slot, open)
    select coalesce(department_id, ''), level, 0, count(*) from cases where resolved_at is null group by coalesce(department_id, ''), level`.execute(
    db,
  );
  if (dialect === 'sqlite') {
    const changes = COUNT_CHANGES.replace('IS DISTINCT FROM', 'IS NOT');
    await run(db, `CREATE TRIGGER cases_open_count_insert AFTER INSERT ON cases BEGIN ${sqliteCount('NEW', 1)} END`);
    await run(
      db,
      `CREATE TRIGGER cases_open_count_update AFTER UPDATE OF resolved_at, level, department_id ON cases WHEN ${changes} ` +
        `BEGIN ${sqliteCount('OLD', -1)} ${sqliteCount('NEW', 1)} END`,
    );
    await run(db, `CREATE TRIGGER cases_open_count_delete AFTER DELETE ON cases BEGIN ${sqliteCount('OLD', -1)} END`);
    return;
  }
  const count = (row: 'OLD' | 'NEW', delta: 1 | -1) =>
    `IF ${row}.resolved_at IS NULL THEN INSERT INTO open_case_counts (department_key, level, slot, open) ` +
    `VALUES (coalesce(${row}.department_id, ''), ${row}.level, chosen_slot, ${delta}) ` +
    `ON CONFLICT (department_key, level, slot) DO UPDATE SET open = open_case_counts.open + excluded.open; END IF; `;
  await run(
    db,
    `CREATE OR REPLACE FUNCTION casedesk_open_case_count() RETURNS trigger AS $$ DECLARE chosen_slot integer := floor(random() * ${SLOTS}); BEGIN ` +
      `IF TG_OP = 'UPDATE' AND NOT (${COUNT_CHANGES}) THEN RETURN NULL; END IF; ` +
      // Rows in one order (department, level), so two level changes in opposite directions cannot deadlock.
      `IF TG_OP = 'UPDATE' AND (coalesce(NEW.department_id, ''), NEW.level) < (coalesce(OLD.department_id, ''), OLD.level) THEN ` +
      `${count('NEW', 1)}${count('OLD', -1)}` +
      `ELSE IF TG_OP <> 'INSERT' THEN ${count('OLD', -1)}END IF; IF TG_OP <> 'DELETE' THEN ${count('NEW', 1)}END IF; END IF; ` +
      `RETURN NULL; END $$ LANGUAGE plpgsql`,
  );
  await run(
    db,
    `CREATE TRIGGER cases_open_count AFTER INSERT OR DELETE OR UPDATE OF resolved_at, level, department_id ON cases ` +
      `FOR EACH ROW EXECUTE FUNCTION casedesk_open_case_count()`,
  );
}

async function dropOpenCaseCounts(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  if (dialect === 'sqlite') {
    for (const trigger of ['insert', 'update', 'delete']) await run(db, `DROP TRIGGER cases_open_count_${trigger}`);
  } else {
    await run(db, 'DROP TRIGGER cases_open_count ON cases');
    await run(db, 'DROP FUNCTION casedesk_open_case_count()');
  }
  await db.schema.dropTable('open_case_counts').execute();
}

/** Runs `write` with the trigger that notes each case change for the live feed (0009) switched off. */
async function withoutChangeNotes(db: Kysely<unknown>, dialect: DialectName, write: () => Promise<unknown>): Promise<void> {
  if (dialect === 'postgres') {
    await run(db, 'ALTER TABLE cases DISABLE TRIGGER cases_note_change');
    await write();
    await run(db, 'ALTER TABLE cases ENABLE TRIGGER cases_note_change');
    return;
  }
  const trigger = 'cases_note_change_on_update';
  const { rows } = await sql<{ sql: string }>`select sql from sqlite_master where type = 'trigger' and name = ${trigger}`.execute(db);
  await run(db, `DROP TRIGGER ${trigger}`);
  await write();
  await run(db, rows[0]!.sql);
}

export function reportStoredFigures(dialect: DialectName) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      // The previous release's instances keep writing cases during a rolling upgrade. Taking the strongest lock this
      // migration needs first makes it wait for their open transactions instead of deadlocking with them halfway
      // (it drops an index and fills counters that must see every case); their writes wait until it commits.
      if (dialect === 'postgres') await run(db, 'LOCK TABLE cases IN ACCESS EXCLUSIVE MODE');
      await db.schema.alterTable('cases').addColumn('first_response_ms', 'double precision').execute();
      const ms =
        dialect === 'postgres'
          ? sql`round(extract(epoch from (first_responded_at::timestamptz - received_at::timestamptz)) * 1000)`
          : sql`round((julianday(first_responded_at) - julianday(received_at)) * 86400000.0)`;
      // A stored figure, not a change anyone follows: the live feed and the search indexer are not told of it.
      await withoutChangeNotes(db, dialect, () =>
        sql`update cases set first_response_ms = ${ms} where first_responded_at is not null`.execute(db),
      );
      await db.schema.dropIndex('cases_report_received').execute();
      await db.schema
        .createIndex('cases_report_received')
        .on('cases')
        .columns([...RECEIVED_COLUMNS, 'first_response_ms'])
        .execute();
      // SQLite only: PostgreSQL hashes the workload's groups from the received-at and resolved-at indexes.
      if (dialect === 'sqlite') {
        const assigned = sql.ref('assignee_user_id');
        const byAssignee = ['level', 'department_id', 'organization_id'];
        await db.schema
          .createIndex('cases_report_assignee_received')
          .on('cases')
          .columns(['assignee_user_id', 'received_at', ...byAssignee])
          .where(assigned, 'is not', null)
          .execute();
        await db.schema
          .createIndex('cases_report_assignee_resolved')
          .on('cases')
          .columns(['assignee_user_id', 'resolved_at', ...byAssignee])
          .where((eb) => eb.and([eb(assigned, 'is not', null), eb(sql.ref('resolved_at'), 'is not', null)]))
          .execute();
      }
      await createOpenCaseCounts(db, dialect);
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await dropOpenCaseCounts(db, dialect);
      if (dialect === 'sqlite') {
        await db.schema.dropIndex('cases_report_assignee_resolved').execute();
        await db.schema.dropIndex('cases_report_assignee_received').execute();
      }
      await db.schema.dropIndex('cases_report_received').execute();
      await db.schema
        .createIndex('cases_report_received')
        .on('cases')
        .columns([...RECEIVED_COLUMNS])
        .execute();
      await db.schema.alterTable('cases').dropColumn('first_response_ms').execute();
    },
  };
}
