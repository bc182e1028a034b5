import type { Kysely } from 'kysely';
import type { DialectName } from '../db.js';

const TABLES = ['organizations', 'contacts', 'sites'] as const;

/**
 * Customers, their contacts and their sites are retired rather than deleted: a retired record stays on the cases
 * that name it, is left out of what is chosen for new work, and is reactivated if it returns. Null means active.
 */
export function retiredCustomers(_dialect: DialectName) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      for (const table of TABLES) {
        await db.schema.alterTable(table).addColumn('retired_at', 'text').execute();
        await db.schema.alterTable(table).addColumn('retired_by', 'text').execute();
      }
    },
    async down(db: Kysely<unknown>): Promise<void> {
      for (const table of TABLES) {
        await db.schema.alterTable(table).dropColumn('retired_by').execute();
        await db.schema.alterTable(table).dropColumn('retired_at').execute();
      }
    },
  };
}
