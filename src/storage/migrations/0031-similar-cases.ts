import type { Kysely } from 'kysely';
import type { DialectName } from '../dialect.js';

/**
 * Similar cases (issue #15): the look-up finds the products of one customer by model and by site, then their cases
 * through their serial numbers (`case_serial_numbers_serial_key`, migration 0012). Without these two indexes both
 * reads scan every product of the customer; with them each is a range of one index, at any size.
 */
export function similarCases(_dialect: DialectName) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.createIndex('assets_organization_model').on('assets').columns(['organization_id', 'model', 'vendor_id']).execute();
      await db.schema.createIndex('assets_organization_site').on('assets').columns(['organization_id', 'site']).execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropIndex('assets_organization_site').execute();
      await db.schema.dropIndex('assets_organization_model').execute();
    },
  };
}
