import { sql, type Kysely } from 'kysely';

/**
 * Indexes for the operations reports (escalations, backlog, workload, vendor cases): each report reads one period of
 * one table's timestamps, so each timestamp it ranges over gets an index (partial where most rows have none yet).
 */
export const operationsReports = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createIndex('escalation_steps_fired')
      .on('escalation_steps')
      .column('fired_at')
      .where(sql.ref('fired_at'), 'is not', null)
      .execute();
    await db.schema.createIndex('cases_resolved').on('cases').column('resolved_at').where(sql.ref('resolved_at'), 'is not', null).execute();
    await db.schema.createIndex('case_actions_created').on('case_actions').column('created_at').execute();
    await db.schema.createIndex('vendor_escalations_opened').on('vendor_escalations').column('opened_at').execute();
    await db.schema.createIndex('visits_arrived').on('visits').column('arrived_at').where(sql.ref('arrived_at'), 'is not', null).execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    for (const name of [
      'visits_arrived',
      'vendor_escalations_opened',
      'case_actions_created',
      'cases_resolved',
      'escalation_steps_fired',
    ]) {
      await db.schema.dropIndex(name).execute();
    }
  },
};
