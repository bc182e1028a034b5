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
 * - Per assignee, by received-at and by resolved-at: the workload report counts each engineer's cases of the period
 *   as one range of these instead of sorting the period's cases by assignee.
 */
export function reportStoredFigures(dialect: DialectName) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('cases').addColumn('first_response_ms', 'double precision').execute();
      const ms =
        dialect === 'postgres'
          ? sql`round(extract(epoch from (first_responded_at::timestamptz - received_at::timestamptz)) * 1000)`
          : sql`round((julianday(first_responded_at) - julianday(received_at)) * 86400000.0)`;
      await sql`update cases set first_response_ms = ${ms} where first_responded_at is not null`.execute(db);
      await db.schema.dropIndex('cases_report_received').execute();
      await db.schema
        .createIndex('cases_report_received')
        .on('cases')
        .columns([...RECEIVED_COLUMNS, 'first_response_ms'])
        .execute();
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
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropIndex('cases_report_assignee_resolved').execute();
      await db.schema.dropIndex('cases_report_assignee_received').execute();
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
