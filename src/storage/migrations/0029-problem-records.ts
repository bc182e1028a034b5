import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../db.js';

/**
 * Problem records (SPEC §6): the analysis of a fault behind several cases.
 *
 * - `problems`: title, description, status (`src/domain/problems/problem-lifecycle.ts`), owner (an expert or a
 *   manager), root cause and workaround.
 * - `problem_organizations`: the customers the problem affects; `problem_products`: the vendors and product models
 *   it affects (a vendor, a model, or both; models are the free text of `assets.model`).
 * - `problem_cases`: the cases linked to a problem, many to many.
 * - `problem_actions`: preventive actions, each with an owner and a due date; `overdue_notified_at` is set once, in
 *   the transaction that puts the overdue mails in the outbox, so several instances tell the owners once.
 * - `problem_events`: the problem's timeline.
 */
export function problemRecords(_dialect: DialectName) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('problems')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('owner_user_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('root_cause', 'text')
        .addColumn('workaround', 'text')
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('resolved_at', 'text')
        .addColumn('closed_at', 'text')
        .execute();
      await db.schema.createIndex('problems_status').on('problems').columns(['status', 'id']).execute();
      await db.schema.createIndex('problems_owner').on('problems').columns(['owner_user_id', 'id']).execute();

      await db.schema
        .createTable('problem_organizations')
        .addColumn('problem_id', 'text', (c) => c.notNull().references('problems.id'))
        .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
        .addPrimaryKeyConstraint('problem_organizations_pk', ['problem_id', 'organization_id'])
        .execute();

      await db.schema
        .createTable('problem_products')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('problem_id', 'text', (c) => c.notNull().references('problems.id'))
        .addColumn('vendor_id', 'text', (c) => c.references('vendors.id'))
        .addColumn('model', 'text')
        .execute();
      await db.schema.createIndex('problem_products_problem').on('problem_products').column('problem_id').execute();

      await db.schema
        .createTable('problem_cases')
        .addColumn('problem_id', 'text', (c) => c.notNull().references('problems.id'))
        .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
        .addColumn('linked_by', 'text')
        .addColumn('linked_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('problem_cases_pk', ['problem_id', 'case_id'])
        .execute();
      await db.schema.createIndex('problem_cases_case').on('problem_cases').column('case_id').execute();

      await db.schema
        .createTable('problem_actions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('problem_id', 'text', (c) => c.notNull().references('problems.id'))
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('owner_user_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('due_on', 'text', (c) => c.notNull())
        .addColumn('done_at', 'text')
        .addColumn('done_by', 'text')
        .addColumn('overdue_notified_at', 'text')
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('problem_actions_problem').on('problem_actions').columns(['problem_id', 'id']).execute();
      // The overdue job reads only actions not done and not yet reported.
      await db.schema
        .createIndex('problem_actions_waiting')
        .on('problem_actions')
        .column('due_on')
        .where(sql.ref('done_at'), 'is', null)
        .where(sql.ref('overdue_notified_at'), 'is', null)
        .execute();

      await db.schema
        .createTable('problem_events')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('problem_id', 'text', (c) => c.notNull().references('problems.id'))
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('actor_user_id', 'text')
        .addColumn('data_json', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('problem_events_problem').on('problem_events').columns(['problem_id', 'id']).execute();
    },
  };
}
