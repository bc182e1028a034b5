import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../db.js';

/**
 * Recurrence detection (`src/domain/problems/recurrence.ts`).
 *
 * - `recurrence_rules`: the rules an admin changed, one row per rule id; a rule without a row has its default.
 * - `problem_proposals`: one row per pattern and round. `(pattern_key, round)` is unique: instances detecting the same
 *   pattern at once insert it if absent, and only the one whose insert took writes the notifications, in the same
 *   transaction. A dismissed pattern that recurs gets the next round.
 * - `problem_proposal_cases`: the fault cases that made the pattern when it was proposed.
 * - `cases_fault_received`: the detection reads the fault cases of the last window days only, through this index;
 *   `assets_vendor_model`: the cases of one model's pattern are found from its products.
 */
export function recurrenceProposals(_dialect: DialectName) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('recurrence_rules')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('enabled', 'integer', (c) => c.notNull())
        .addColumn('threshold', 'integer', (c) => c.notNull())
        .addColumn('window_days', 'integer', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('updated_by', 'text')
        .execute();

      await db.schema
        .createTable('problem_proposals')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('rule', 'text', (c) => c.notNull())
        .addColumn('pattern_key', 'text', (c) => c.notNull())
        .addColumn('round', 'integer', (c) => c.notNull())
        .addColumn('serial_number', 'text')
        .addColumn('organization_id', 'text', (c) => c.references('organizations.id'))
        .addColumn('vendor_id', 'text', (c) => c.references('vendors.id'))
        .addColumn('model', 'text')
        .addColumn('threshold', 'integer', (c) => c.notNull())
        .addColumn('window_days', 'integer', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('proposed_at', 'text', (c) => c.notNull())
        .addColumn('decided_at', 'text')
        .addColumn('decided_by', 'text', (c) => c.references('users.id'))
        .addColumn('dismiss_reason', 'text')
        .addColumn('problem_id', 'text', (c) => c.references('problems.id'))
        .addUniqueConstraint('problem_proposals_pattern_round', ['pattern_key', 'round'])
        .execute();
      await db.schema.createIndex('problem_proposals_status').on('problem_proposals').columns(['status', 'id']).execute();

      await db.schema
        .createTable('problem_proposal_cases')
        .addColumn('proposal_id', 'text', (c) => c.notNull().references('problem_proposals.id'))
        .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
        .addPrimaryKeyConstraint('problem_proposal_cases_pk', ['proposal_id', 'case_id'])
        .execute();

      await db.schema
        .createIndex('cases_fault_received')
        .on('cases')
        .columns(['received_at', 'id'])
        .where(sql.ref('kind'), '=', 'fault')
        .execute();
      // A model's pattern reads its cases from the products of that model.
      await db.schema.createIndex('assets_vendor_model').on('assets').columns(['vendor_id', 'model']).execute();
    },
  };
}
