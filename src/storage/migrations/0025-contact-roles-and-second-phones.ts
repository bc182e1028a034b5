import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../db.js';

/**
 * A contact says what they are at the customer (`role_at_customer`, free text such as "Network administrator") and may
 * have a second phone number (`second_phone`, E.164 like `phone`). Both are optional.
 *
 * An e-mail address names one contact of a customer: `contacts_email_key` is unique on the organisation and the
 * address in lower case, so two requests adding the same person at the same moment cannot both succeed. Nothing kept
 * it so before; contacts on record that share an address with an older contact of their customer are left as they
 * are (nothing is merged or changed by the migration) and are named in the index as exceptions, so they keep working
 * and can be edited, while every new or other contact is held to the rule. The services check the rule for those too.
 */
export function contactRolesAndSecondPhones(_dialect: DialectName) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('contacts').addColumn('role_at_customer', 'text').execute();
      await db.schema.alterTable('contacts').addColumn('second_phone', 'text').execute();
      const repeated = await sql<{ id: string }>`
        select c.id from contacts c
        where c.email is not null and exists (
          select 1 from contacts older
          where older.organization_id = c.organization_id and lower(older.email) = lower(c.email) and older.id < c.id
        )
        order by c.id`.execute(db);
      const exceptions = repeated.rows.map((row) => row.id);
      let index = db.schema
        .createIndex('contacts_email_key')
        .on('contacts')
        .unique()
        .expression(sql`organization_id, lower(email)`)
        .where(sql.ref('email'), 'is not', null);
      // Index predicates take no bound parameters on either database: Kysely writes these ids as literals.
      if (exceptions.length > 0) index = index.where(sql.ref('id'), 'not in', exceptions);
      await index.execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropIndex('contacts_email_key').execute();
      await db.schema.alterTable('contacts').dropColumn('second_phone').execute();
      await db.schema.alterTable('contacts').dropColumn('role_at_customer').execute();
    },
  };
}
