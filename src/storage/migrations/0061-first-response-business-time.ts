import { sql, type Kysely } from 'kysely';
import type { BusinessCalendar } from '../../domain/calendar/business-calendar.js';
import { firstResponseWorkingMs } from '../../domain/cases/first-response-target.js';
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

/** Answered cases measured per statement: one round trip each, a few hundred kilobytes of parameters. */
const BATCH = 5_000;

async function run(db: Kysely<unknown>, statement: string): Promise<void> {
  await sql.raw(statement).execute(db);
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

/** The calendar of every escalation policy version, by version id. */
async function calendarsByVersion(db: Kysely<unknown>): Promise<Map<string, BusinessCalendar>> {
  const { rows } = await sql<{ id: string; body_json: string }>`select id, body_json from escalation_policy_versions`.execute(db);
  return new Map(rows.map((row) => [row.id, (JSON.parse(row.body_json) as { calendar: BusinessCalendar }).calendar]));
}

interface Answered {
  id: string;
  received_at: string;
  first_responded_at: string;
  policy_version_id: string;
}

/** Measures every answered case not measured yet, in id order, a batch per statement. */
async function measureAnsweredCases(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  const calendars = await calendarsByVersion(db);
  let afterId = '';
  for (;;) {
    const { rows } = await sql<Answered>`select id, received_at, first_responded_at, policy_version_id from cases
      where first_responded_at is not null and first_response_working_ms is null and id > ${afterId}
      order by id limit ${BATCH}`.execute(db);
    if (rows.length === 0) return;
    const measured = rows.map((row) => {
      const calendar = calendars.get(row.policy_version_id);
      if (calendar === undefined) throw new Error(`case ${row.id}: escalation policy version ${row.policy_version_id} not found`);
      return [row.id, firstResponseWorkingMs(calendar, Date.parse(row.received_at), Date.parse(row.first_responded_at))] as const;
    });
    if (dialect === 'postgres') {
      await sql`update cases set first_response_working_ms = m.ms
        from unnest(${measured.map(([id]) => id)}::text[], ${measured.map(([, ms]) => ms)}::double precision[]) as m(id, ms)
        where cases.id = m.id`.execute(db);
    } else {
      await sql`update cases set first_response_working_ms = m.value ->> 1
        from json_each(${JSON.stringify(measured)}) as m where cases.id = m.value ->> 0`.execute(db);
    }
    afterId = rows[rows.length - 1]!.id;
  }
}

/**
 * Issue #17, "Targets measured": the time to first response counted in business time on the calendar of the case's
 * escalation policy, as resolution time is (migration 0041), instead of the wall clock.
 *
 * - `cases.first_response_working_ms`: written with `first_responded_at` (`firstResponseColumns`), and filled here for
 *   every case answered before, on the calendar of the policy version the case holds, by the same domain rule
 *   (`firstResponseWorkingMs`), so a case answered before the upgrade counts as one answered after it. The calendars
 *   are policy values in JSON, so the figure is computed here in batches rather than in SQL. Nullable: the previous
 *   release keeps answering cases without it during a rolling upgrade; the background job `backfillFirstResponseTimes`
 *   measures those through `cases_first_response_unmeasured` (empty once it has run). `first_response_ms` (the wall
 *   clock, migration 0049) stays for that release and is no longer written or read by this one.
 * - `cases_report_received` again, now carrying `first_response_working_ms` in place of `first_response_ms`, so the
 *   first-response report stays one index scan.
 */
export function firstResponseBusinessTime(dialect: DialectName) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      // As 0049: the previous release's instances keep writing cases during a rolling upgrade. Taking the strongest
      // lock this migration needs (it drops an index) first makes it wait for their open transactions instead of
      // deadlocking with them halfway; their writes wait until it commits.
      if (dialect === 'postgres') await run(db, 'LOCK TABLE cases IN ACCESS EXCLUSIVE MODE');
      await db.schema.alterTable('cases').addColumn('first_response_working_ms', 'double precision').execute();
      // The backfill's look (here and in the job), written as the repository's WHERE; empty once measured.
      await sql`create index cases_first_response_unmeasured on cases (id)
        where first_responded_at is not null and first_response_working_ms is null`.execute(db);
      // A stored figure, not a change anyone follows: the live feed and the search indexer are not told of it.
      await withoutChangeNotes(db, dialect, () => measureAnsweredCases(db, dialect));
      await db.schema.dropIndex('cases_report_received').execute();
      await db.schema
        .createIndex('cases_report_received')
        .on('cases')
        .columns([...RECEIVED_COLUMNS, 'first_response_working_ms'])
        .execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropIndex('cases_report_received').execute();
      await db.schema
        .createIndex('cases_report_received')
        .on('cases')
        .columns([...RECEIVED_COLUMNS, 'first_response_ms'])
        .execute();
      await db.schema.dropIndex('cases_first_response_unmeasured').execute();
      await db.schema.alterTable('cases').dropColumn('first_response_working_ms').execute();
    },
  };
}
