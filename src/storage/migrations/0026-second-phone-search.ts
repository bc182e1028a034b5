import { sql, type Kysely } from 'kysely';
import { phoneSearchDigits } from '../../domain/contacts/phone-numbers.js';
import type { DialectName } from '../db.js';

/**
 * The hotline finds a caller by a contact's second phone as by the first: `second_phone_digits` holds its digits
 * (E.164 without `+`, as `phoneSearchDigits` makes them for `phone_digits`), indexed like `phone_digits` for the
 * search by the whole number. Contacts on record get theirs from the second phone they have.
 */
export function secondPhoneSearch(_dialect: DialectName) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('contacts').addColumn('second_phone_digits', 'text').execute();
      const contacts = await sql<{ id: string; second_phone: string }>`
        select id, second_phone from contacts where second_phone is not null order by id`.execute(db);
      for (const contact of contacts.rows) {
        await sql`update contacts set second_phone_digits = ${phoneSearchDigits(contact.second_phone)} where id = ${contact.id}`.execute(
          db,
        );
      }
      await db.schema.createIndex('contacts_second_phone_digits').on('contacts').column('second_phone_digits').execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropIndex('contacts_second_phone_digits').execute();
      await db.schema.alterTable('contacts').dropColumn('second_phone_digits').execute();
    },
  };
}
