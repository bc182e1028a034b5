import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../db.js';

/**
 * Every inbound mail looks up the contacts behind its sender's address, compared in lower case; without an index on
 * that expression each mail read the whole contacts table.
 */
export function contactEmailLookup(_dialect: DialectName) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createIndex('contacts_email_lower')
        .on('contacts')
        .expression(sql`lower(email)`)
        .execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropIndex('contacts_email_lower').execute();
    },
  };
}
