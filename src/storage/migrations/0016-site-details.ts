import type { Kysely } from 'kysely';
import type { DialectName } from '../db.js';

/** What an engineer needs before driving to a customer's site: how to get in, and when the site is open. */
export function siteDetails(_dialect: DialectName) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('sites').addColumn('access_notes', 'text').execute();
      await db.schema.alterTable('sites').addColumn('hours', 'text').execute();
      await db.schema.alterTable('sites').addColumn('updated_at', 'text').execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('sites').dropColumn('updated_at').execute();
      await db.schema.alterTable('sites').dropColumn('hours').execute();
      await db.schema.alterTable('sites').dropColumn('access_notes').execute();
    },
  };
}
