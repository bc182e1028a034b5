import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../db.js';
import type { Database } from '../schema.js';
import { rebuildFaultOccurrences } from '../repositories/fault-occurrences.js';

async function run(db: Kysely<unknown>, statement: string): Promise<void> {
  await sql.raw(statement).execute(db);
}

/** The product columns of a unit's rows follow its product record; `serial` is NEW/OLD's serial number. */
function productUpdate(serial: string, values: string): string {
  return `UPDATE fault_occurrences SET ${values} WHERE unit = upper(${serial}.serial_number)`;
}
const SET_PRODUCT = `product_organization_id = NEW.organization_id, vendor_id = NEW.vendor_id, model = NEW.model, site = NEW.site`;
const CLEAR_PRODUCT = `product_organization_id = NULL, vendor_id = NULL, model = NULL, site = NULL`;

/**
 * Fault occurrences: one row per (fault case, unit) with the unit's previous fault, so the repeat-fault report is a
 * range scan instead of a window sort over a year of cases (see docs/architecture.md, "Derived tables"). Kept up to
 * date off the intake path by the fault indexer (index-fault-occurrences.ts); product columns by triggers on assets.
 */
export function faultOccurrences(dialect: DialectName) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('fault_occurrences')
        .addColumn('case_id', 'text', (c) => c.notNull())
        // upper(serial number); null for a fault case naming none (it still counts per customer).
        .addColumn('unit', 'text')
        .addColumn('organization_id', 'text', (c) => c.notNull())
        .addColumn('received_at', 'text', (c) => c.notNull())
        // The unit's previous fault case in the same organisation (per customer) and in any (per product).
        .addColumn('previous_in_organization_at', 'text')
        .addColumn('interval_in_organization_ms', 'bigint')
        .addColumn('previous_at', 'text')
        .addColumn('interval_ms', 'bigint')
        // The product on record for the serial number, if any.
        .addColumn('product_organization_id', 'text')
        .addColumn('vendor_id', 'text')
        .addColumn('model', 'text')
        .addColumn('site', 'text')
        // 1 when the case names this unit only (or none): its row counts as a case without a distinct.
        .addColumn('only_unit_of_case', 'integer', (c) => c.notNull())
        .execute();
      // One covering index per grouping, its keys first: SQLite reads the groups in order from the index instead of
      // sorting a year's rows (the sort was most of the report's time), and never visits the table.
      const figures = ['received_at', 'previous_at', 'interval_ms', 'previous_in_organization_at', 'interval_in_organization_ms'];
      const covering = [...figures, 'only_unit_of_case', 'case_id'];
      await db.schema
        .createIndex('fault_occurrences_customer')
        .on('fault_occurrences')
        .columns([
          'organization_id',
          'received_at',
          'previous_in_organization_at',
          'interval_in_organization_ms',
          'only_unit_of_case',
          'case_id',
        ])
        .execute();
      // Per model and per vendor (its prefix).
      await db.schema
        .createIndex('fault_occurrences_model')
        .on('fault_occurrences')
        .columns(['vendor_id', 'model', ...covering, 'organization_id'])
        .where(sql.ref('vendor_id'), 'is not', null)
        .execute();
      await db.schema
        .createIndex('fault_occurrences_site')
        .on('fault_occurrences')
        .columns(['product_organization_id', 'site', ...covering, 'organization_id'])
        .where(sql.ref('vendor_id'), 'is not', null)
        .execute();
      // PostgreSQL's planner picks its own way: a short period is a range scan here.
      await db.schema.createIndex('fault_occurrences_period').on('fault_occurrences').column('received_at').execute();
      await db.schema.createIndex('fault_occurrences_unit').on('fault_occurrences').column('unit').execute();
      await db.schema.createIndex('fault_occurrences_case').on('fault_occurrences').column('case_id').execute();

      if (dialect === 'postgres') {
        await run(
          db,
          `CREATE FUNCTION fault_occurrences_product() RETURNS trigger AS $$ BEGIN ` +
            `IF TG_OP IN ('UPDATE', 'DELETE') THEN ${productUpdate('OLD', CLEAR_PRODUCT)}; END IF; ` +
            `IF TG_OP IN ('INSERT', 'UPDATE') THEN ${productUpdate('NEW', SET_PRODUCT)}; END IF; ` +
            `RETURN NULL; END $$ LANGUAGE plpgsql`,
        );
        await run(
          db,
          `CREATE TRIGGER assets_fault_occurrences AFTER INSERT OR DELETE OR UPDATE OF organization_id, vendor_id, model, site, serial_number ` +
            `ON assets FOR EACH ROW EXECUTE FUNCTION fault_occurrences_product()`,
        );
      } else {
        await run(db, `CREATE TRIGGER assets_fault_occurrences_ai AFTER INSERT ON assets BEGIN ${productUpdate('NEW', SET_PRODUCT)}; END`);
        await run(
          db,
          `CREATE TRIGGER assets_fault_occurrences_au AFTER UPDATE OF organization_id, vendor_id, model, site, serial_number ON assets BEGIN ` +
            `${productUpdate('OLD', CLEAR_PRODUCT)}; ${productUpdate('NEW', SET_PRODUCT)}; END`,
        );
        await run(
          db,
          `CREATE TRIGGER assets_fault_occurrences_ad AFTER DELETE ON assets BEGIN ${productUpdate('OLD', CLEAR_PRODUCT)}; END`,
        );
      }

      // Where the fault indexer stands in the case-changes feed; the backfill below moves it to the latest change.
      await db.schema
        .createTable('fault_occurrence_cursor')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('tx', 'bigint', (c) => c.notNull())
        .addColumn('seq', 'bigint', (c) => c.notNull())
        .execute();
      await run(db, `INSERT INTO fault_occurrence_cursor (id, tx, seq) VALUES (1, 0, 0)`);
      await rebuildFaultOccurrences(db as unknown as Kysely<Database>);
    },
    async down(db: Kysely<unknown>): Promise<void> {
      if (dialect === 'postgres') {
        await run(db, 'DROP TRIGGER IF EXISTS assets_fault_occurrences ON assets');
        await run(db, 'DROP FUNCTION IF EXISTS fault_occurrences_product()');
      } else {
        for (const suffix of ['ai', 'au', 'ad']) await run(db, `DROP TRIGGER IF EXISTS assets_fault_occurrences_${suffix}`);
      }
      await db.schema.dropTable('fault_occurrence_cursor').execute();
      await db.schema.dropTable('fault_occurrences').execute();
    },
  };
}
