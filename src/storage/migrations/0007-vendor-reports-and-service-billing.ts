import type { Kysely } from 'kysely';
import type { DialectName } from '../db.js';

/**
 * The vendor report of an upgrading report and the billing of each service item: the company's support contract
 * number with a vendor, when and to whom the vendor report of a case went, and each service action's billing
 * (free under guarantee, covered by contract, chargeable) decided for the day of the work.
 */
export function vendorReportsAndServiceBilling(_dialect: DialectName) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('vendors').addColumn('support_contract_number', 'text').execute();
      await db.schema.alterTable('vendor_escalations').addColumn('report_sent_at', 'text').execute();
      await db.schema.alterTable('vendor_escalations').addColumn('report_sent_to', 'text').execute();
      // Rows recorded before this migration keep null: their billing was never decided, and is shown so.
      await db.schema.alterTable('case_actions').addColumn('billing', 'text').execute();
      await db.schema.alterTable('case_actions').addColumn('billing_json', 'text').execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('case_actions').dropColumn('billing_json').execute();
      await db.schema.alterTable('case_actions').dropColumn('billing').execute();
      await db.schema.alterTable('vendor_escalations').dropColumn('report_sent_to').execute();
      await db.schema.alterTable('vendor_escalations').dropColumn('report_sent_at').execute();
      await db.schema.alterTable('vendors').dropColumn('support_contract_number').execute();
    },
  };
}
