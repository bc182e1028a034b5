import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../db.js';

/**
 * Every case has someone to escalate to from its first minute: an organisation and a contract can name the
 * department that services their cases, and one department is the company's default for everything else. Reports
 * that fired while their position could not be resolved are found again when it can.
 */
export function servicingDepartments(_dialect: DialectName) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .alterTable('organizations')
        .addColumn('default_department_id', 'text', (c) => c.references('departments.id'))
        .execute();
      await db.schema
        .alterTable('contracts')
        .addColumn('default_department_id', 'text', (c) => c.references('departments.id'))
        .execute();
      await db.schema
        .alterTable('departments')
        .addColumn('company_default', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      // At most one company default.
      await db.schema
        .createIndex('departments_company_default')
        .on('departments')
        .column('company_default')
        .unique()
        .where(sql.ref('company_default'), '=', 1)
        .execute();
      // A company that has departments already gets its oldest as the default (ids sort by creation time).
      await sql`update departments set company_default = 1 where id = (select min(id) from departments)`.execute(db);

      // The company positions exist as rows from the start, empty until filled, so a report firing and an admin
      // filling the position always meet on one row.
      const at = new Date().toISOString();
      for (const position of ['operation-center-gm', 'president']) {
        await sql`insert into company_positions (position, user_id, updated_at) values (${position}, null, ${at})
          on conflict (position) do nothing`.execute(db);
      }

      // Reports that fired with nobody to tell, waiting for their position to be filled.
      await db.schema
        .createIndex('escalation_steps_undelivered')
        .on('escalation_steps')
        .columns(['position', 'case_id'])
        .where((eb) => eb.and([eb(sql.ref('status'), '=', sql.lit('fired')), eb(sql.ref('recipients_json'), '=', sql.lit('[]'))]))
        .execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropIndex('escalation_steps_undelivered').execute();
      await db.schema.dropIndex('departments_company_default').execute();
      await db.schema.alterTable('departments').dropColumn('company_default').execute();
      await db.schema.alterTable('contracts').dropColumn('default_department_id').execute();
      await db.schema.alterTable('organizations').dropColumn('default_department_id').execute();
    },
  };
}
