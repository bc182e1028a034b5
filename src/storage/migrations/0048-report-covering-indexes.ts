import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../dialect.js';

/**
 * Issue #17: the operations reports over a year of a million cases. Each report aggregates every case received (or
 * resolved) in the period; through the plain timestamp indexes that is one table read per case, about 500 000 for a
 * year, which took 5–8 s on SQLite. These indexes carry every column the reports read, so a year is one scan of an
 * index: received-at for first response, the backlog's daily intake and the workload's cases received; resolved-at
 * (partial, as 0042's `cases_resolved` which it replaces) for resolution, the backlog's daily resolutions and the
 * workload's cases resolved.
 *
 * On PostgreSQL the previous release's instances keep writing cases while this migration runs (a rolling upgrade), so
 * `cases_resolved` stays there for now: dropping it in the transaction that built these indexes under a share lock
 * asks for an exclusive lock on `cases` while their transactions hold and wait for theirs, and PostgreSQL broke that
 * deadlock by failing the migration (test/operations/rolling-upgrade.test.ts). Dropping it is the contract step of the
 * next release (`drop index if exists`). SQLite has one instance, stopped for the upgrade, and drops it here.
 */
export function reportCoveringIndexes(dialect: DialectName) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createIndex('cases_report_received')
        .on('cases')
        .columns([
          'received_at',
          'level',
          'assignee_user_id',
          'organization_id',
          'department_id',
          'first_response_due_at',
          'first_responded_at',
          'resolved_at',
        ])
        .execute();
      await db.schema
        .createIndex('cases_report_resolved')
        .on('cases')
        .columns(['resolved_at', 'level', 'assignee_user_id', 'organization_id', 'department_id', 'resolution_working_ms'])
        .where(sql.ref('resolved_at'), 'is not', null)
        .execute();
      if (dialect === 'sqlite') await db.schema.dropIndex('cases_resolved').execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      if (dialect === 'sqlite') {
        await db.schema
          .createIndex('cases_resolved')
          .on('cases')
          .column('resolved_at')
          .where(sql.ref('resolved_at'), 'is not', null)
          .execute();
      }
      await db.schema.dropIndex('cases_report_resolved').execute();
      await db.schema.dropIndex('cases_report_received').execute();
    },
  };
}
