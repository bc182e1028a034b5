import { sql, type Kysely } from 'kysely';

/**
 * First-response targets and resolution time (operations reporting).
 *
 * - `first_response_breach_notified_at`: when the breach of the first-response target was claimed and the department
 *   manager told; the job claims it with a conditional update, so instances sharing the database tell once.
 * - `resolution_working_ms`: business time from received-at to resolution on the policy's calendar, written when the
 *   case is resolved (cleared on reopening), so queues and reports never compute calendars per row. Cases resolved
 *   before this migration are filled in by a background job (`backfillResolutionTimes`), which needs the policies'
 *   calendars and so cannot be plain SQL.
 *
 * Cases already past their target without a response when the migration runs are marked as told (at their due time):
 * upgrading must not flood the managers with the breaches of past months.
 */
export const firstResponseTargets = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('cases').addColumn('first_response_breach_notified_at', 'text').execute();
    await db.schema.alterTable('cases').addColumn('resolution_working_ms', 'double precision').execute();
    const now = new Date().toISOString();
    await sql`update cases set first_response_breach_notified_at = first_response_due_at
      where first_responded_at is null and first_response_due_at is not null and first_response_due_at <= ${now}`.execute(db);
    // The breach job's look: unanswered cases not yet told, by due time. Written as the repository's WHERE.
    await sql`create index cases_first_response_watch on cases (first_response_due_at)
      where first_responded_at is null and first_response_breach_notified_at is null`.execute(db);
    // The backfill's look; empty once it has run.
    await sql`create index cases_resolution_unmeasured on cases (id)
      where resolved_at is not null and resolution_working_ms is null`.execute(db);
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropIndex('cases_resolution_unmeasured').execute();
    await db.schema.dropIndex('cases_first_response_watch').execute();
    await db.schema.alterTable('cases').dropColumn('resolution_working_ms').execute();
    await db.schema.alterTable('cases').dropColumn('first_response_breach_notified_at').execute();
  },
};
