import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../db.js';

/**
 * Queues sorted by a name (customer, department, assignee; issue 16). `repositories/cases.ts` reads a large view name by
 * name: the customers (departments, staff) in the order of their names, as stored (`collate "C"` on PostgreSQL, as its
 * queries write it; SQLite compares binary anyway), and for each its cases newest first. The open views read those
 * cases from partial indexes of the open cases only, as the other open views do (migration 0035). New indexes only.
 */
export function queueNameSorts(dialect: DialectName) {
  const name = sql.raw(dialect === 'postgres' ? '(name collate "C")' : 'name');
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      for (const table of ['organizations', 'departments', 'users'] as const)
        await sql`create index ${sql.id(`${table}_name_sort`)} on ${sql.table(table)} (${name}, id)`.execute(db);
      const open = sql`resolved_at is null`;
      await sql`create index cases_open_organization_newest on cases (organization_id, id) where ${open}`.execute(db);
      await sql`create index cases_open_department_newest on cases (department_id, id) where ${open}`.execute(db);
      await sql`create index cases_open_assignee_newest on cases (assignee_user_id, id) where ${open}`.execute(db);
    },
    async down(db: Kysely<unknown>): Promise<void> {
      for (const index of ['cases_open_assignee_newest', 'cases_open_department_newest', 'cases_open_organization_newest'])
        await db.schema.dropIndex(index).execute();
      for (const table of ['users', 'departments', 'organizations']) await db.schema.dropIndex(`${table}_name_sort`).execute();
    },
  };
}
