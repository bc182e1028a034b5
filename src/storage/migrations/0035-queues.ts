import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../db.js';

/** Sort keys written as expressions; `repositories/cases.ts` spells them exactly so, to read these indexes. */
const QUEUE_SORT_EXPRESSIONS = {
  /** Cases still waiting for a first response first, by when it is due; answered ones (and those with none) last. */
  firstResponse: `case when first_responded_at is null then coalesce(first_response_due_at, '9999-12-31T23:59:59.999Z') else '9999-12-31T23:59:59.999Z' end`,
  /** Unresolved cases sort as the empty string, so they come last when the newest resolution comes first. */
  resolved: `coalesce(resolved_at, '')`,
} as const;

/**
 * Queues (issue 16).
 *
 * - `escalation_recipients`: who each fired upgrading report told, one row per person, so "escalated to me" reads an
 *   index instead of the JSON list on the step. Filled here from the steps fired so far.
 * - `saved_queue_filters`: a user's named filter sets; `queue_columns`: the columns a user chose for the queues.
 * - Indexes so that each queue view reads its first page and its (capped) count from an index: open cases per
 *   assignee, per department, escalated, per status, and the sort orders the queues offer.
 */
export function queues(_dialect: DialectName) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('escalation_recipients')
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
        .addColumn('step_id', 'text', (c) => c.notNull().references('escalation_steps.id'))
        .addPrimaryKeyConstraint('escalation_recipients_pk', ['user_id', 'case_id', 'step_id'])
        .execute();
      const fired = await sql<{ id: string; case_id: string; recipients_json: string }>`
        select id, case_id, recipients_json from escalation_steps
        where status = 'fired' and recipients_json is not null and recipients_json <> '[]'`.execute(db);
      for (const step of fired.rows) {
        const userIds = new Set((JSON.parse(step.recipients_json) as { userId?: unknown }[]).map((recipient) => recipient.userId));
        for (const userId of userIds) {
          if (typeof userId !== 'string') continue;
          await sql`insert into escalation_recipients (user_id, case_id, step_id) values (${userId}, ${step.case_id}, ${step.id})`.execute(
            db,
          );
        }
      }

      await db.schema
        .createTable('saved_queue_filters')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('filter_json', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('saved_queue_filters_name', ['user_id', 'name'])
        .execute();
      await db.schema
        .createTable('queue_columns')
        .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id'))
        .addColumn('columns_json', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();

      // Open cases are the few among many. Each open view reads a partial index in its default order (the next
      // escalation first, written as the queues' ORDER BY writes it), so its first page and its count read only
      // the view's own entries: mine and unassigned by assignee, my department, escalated, waiting, all open.
      const open = sql`resolved_at is null`;
      const nextEscalation = sql.raw(`coalesce(next_escalation_due_at, '9999-12-31T23:59:59.999Z')`);
      await sql`create index cases_open_assignee on cases (assignee_user_id, ${nextEscalation}, id) where ${open}`.execute(db);
      await sql`create index cases_open_department on cases (department_id, ${nextEscalation}, id) where ${open}`.execute(db);
      await sql`create index cases_open_next_escalation on cases (${nextEscalation}, id) where ${open}`.execute(db);
      await sql`create index cases_open_escalated on cases (${nextEscalation}, id) where ${open} and escalated_at is not null`.execute(db);
      // `status || ''`, as the waiting view's query writes it: the plain status index cannot serve that term, so the
      // planner reads this index in order instead of sorting every waiting case.
      await sql`create index cases_open_waiting on cases (${nextEscalation}, id)
        where ${open} and (status || '') in ('waiting_customer', 'waiting_vendor')`.execute(db);
      // The sort orders a user can choose by clicking a column header.
      await db.schema.createIndex('cases_title_sort').on('cases').columns(['title', 'id']).execute();
      await db.schema
        .createIndex('cases_first_response_sort')
        .on('cases')
        .expression(sql.raw(`(${QUEUE_SORT_EXPRESSIONS.firstResponse}), id`))
        .execute();
      await db.schema
        .createIndex('cases_resolved_sort')
        .on('cases')
        .expression(sql.raw(`(${QUEUE_SORT_EXPRESSIONS.resolved}), id`))
        .execute();
    },
  };
}
