import type { Kysely } from 'kysely';

/**
 * When each periodic job may next run, shared by every instance on the database: a job that re-reads the whole
 * picture (recurrence detection, yearly checks, overdue problem actions) runs once per period across instances
 * instead of once per instance.
 */
export const periodicRuns = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('periodic_runs')
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('next_run_at', 'text', (c) => c.notNull())
      .execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('periodic_runs').execute();
  },
};
