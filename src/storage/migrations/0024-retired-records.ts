import type { Kysely } from 'kysely';
import type { DialectName } from '../db.js';

/**
 * Records that end without being deleted: a vendor no longer dealt with and a delivered project that is closed are
 * retired (kept with their history, not offered for new work); a contract ended early or cancelled keeps its agreed
 * period and says from which day it no longer covers, and why; a cancelled training says when it was cancelled.
 */
export function retiredRecords(_dialect: DialectName) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('vendors').addColumn('retired_at', 'text').execute();
      await db.schema.alterTable('projects').addColumn('retired_at', 'text').execute();
      await db.schema.alterTable('contracts').addColumn('cancelled_on', 'text').execute();
      await db.schema.alterTable('contracts').addColumn('cancellation_reason', 'text').execute();
      await db.schema.alterTable('trainings').addColumn('cancelled_at', 'text').execute();
      await db.schema.alterTable('trainings').addColumn('cancellation_reason', 'text').execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('trainings').dropColumn('cancellation_reason').execute();
      await db.schema.alterTable('trainings').dropColumn('cancelled_at').execute();
      await db.schema.alterTable('contracts').dropColumn('cancellation_reason').execute();
      await db.schema.alterTable('contracts').dropColumn('cancelled_on').execute();
      await db.schema.alterTable('projects').dropColumn('retired_at').execute();
      await db.schema.alterTable('vendors').dropColumn('retired_at').execute();
    },
  };
}
