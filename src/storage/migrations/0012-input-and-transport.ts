import { sql, type Kysely } from 'kysely';
import { parsePhoneNumber, phoneSearchDigits } from '../../domain/contacts/phone-numbers.js';
import type { DialectName } from '../db.js';

/**
 * Input and transport: sign-in failure counters shared by every instance, the organisation's country, phone numbers
 * in E.164, and serial numbers compared regardless of letter case.
 */
export function inputAndTransport(_dialect: DialectName, defaultCountry: string) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('sign_in_throttles')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('failures', 'integer', (c) => c.notNull())
        .addColumn('window_started_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('sign_in_throttles_window').on('sign_in_throttles').column('window_started_at').execute();

      await db.schema
        .alterTable('organizations')
        .addColumn('country', 'text', (c) => c.notNull().defaultTo('CN'))
        .execute();
      await sql`update organizations set country = ${defaultCountry}`.execute(db);

      // Stored numbers become E.164, read in their organisation's country. One that cannot be read as a valid number
      // keeps the text it was typed with (a person can still read it) and its digits for the search.
      const contacts = await sql<{ id: string; phone: string; country: string }>`
        select contacts.id, contacts.phone, organizations.country
        from contacts join organizations on organizations.id = contacts.organization_id
        where contacts.phone is not null`.execute(db);
      for (const contact of contacts.rows) {
        const parsed = parsePhoneNumber(contact.phone, contact.country);
        if (!parsed || parsed.e164 === contact.phone) continue;
        await sql`update contacts set phone = ${parsed.e164}, phone_digits = ${phoneSearchDigits(parsed.e164)} where id = ${contact.id}`.execute(
          db,
        );
      }

      const vendors = await sql<{ id: string; phone: string }>`
        select id, support_center_phone as phone from vendors where support_center_phone is not null`.execute(db);
      for (const vendor of vendors.rows) {
        const parsed = parsePhoneNumber(vendor.phone, defaultCountry);
        if (parsed && parsed.e164 !== vendor.phone) {
          await sql`update vendors set support_center_phone = ${parsed.e164} where id = ${vendor.id}`.execute(db);
        }
      }

      // Serial numbers are unique regardless of letter case. Products recorded twice in different cases must be
      // merged by hand first; the migration names them rather than pick one.
      const clashes = await sql<{ serial: string }>`
        select min(serial_number) as serial from assets group by upper(serial_number) having count(*) > 1`.execute(db);
      if (clashes.rows.length > 0) {
        throw new Error(
          `Serial numbers are now unique regardless of letter case, and these are on record more than once: ` +
            `${clashes.rows.map((row) => row.serial).join(', ')}. Change or remove one product of each, then start again.`,
        );
      }
      await db.schema
        .createIndex('assets_serial_key')
        .on('assets')
        .unique()
        .expression(sql`upper(serial_number)`)
        .execute();
      await db.schema
        .createIndex('case_serial_numbers_serial_key')
        .on('case_serial_numbers')
        .expression(sql`upper(serial_number)`)
        .execute();
    },
  };
}
