import { sql, type Kysely } from 'kysely';

/**
 * The Operation Center (issue 17).
 *
 * - `wallboard_tokens`: read-only tokens for a screen on the wall; only the SHA-256 of the token is stored, as for
 *   API tokens and sessions. Revoking sets `revoked_at`; the row stays for the record.
 * - Indexes so each of the dashboard's figures reads only its own entries (open cases are partial indexes on
 *   `resolved_at is null`, written as `repositories/dashboard.ts` writes its WHERE, statuses as literals), with or
 *   without a department filter: open cases per level, unassigned, escalated, waiting on the
 *   customer, first-response targets by due time, and visits under way.
 */
export const operationCenter = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('wallboard_tokens')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('last_used_at', 'text')
      .addColumn('revoked_at', 'text')
      .execute();

    // Each index carries every column its count names, `resolved_at` too, so SQLite counts from the index alone
    // (it does not count a partial index's WHERE columns as covered).
    const open = sql`resolved_at is null`;
    await sql`create index cases_open_level_department on cases (level, department_id, resolved_at) where ${open}`.execute(db);
    await sql`create index cases_open_assignee_department on cases (assignee_user_id, department_id, resolved_at) where ${open}`.execute(
      db,
    );
    await sql`create index cases_open_escalated_department on cases (department_id, escalated_at, resolved_at)
      where ${open} and escalated_at is not null`.execute(db);
    await sql`create index cases_open_waiting_customer on cases (status, department_id, resolved_at)
      where ${open} and status = 'waiting_customer'`.execute(db);
    await sql`create index cases_first_response_due on cases (first_response_due_at, first_responded_at, department_id)
      where first_response_due_at is not null`.execute(db);
    await sql`create index visits_on_site on visits (engineer_user_id) where status = 'on-site'`.execute(db);
  },
  async down(db: Kysely<unknown>): Promise<void> {
    for (const index of [
      'visits_on_site',
      'cases_first_response_due',
      'cases_open_waiting_customer',
      'cases_open_escalated_department',
      'cases_open_assignee_department',
      'cases_open_level_department',
    ]) {
      await db.schema.dropIndex(index).execute();
    }
    await db.schema.dropTable('wallboard_tokens').execute();
  },
};
