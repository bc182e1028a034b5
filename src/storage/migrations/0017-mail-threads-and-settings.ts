import type { Kysely } from 'kysely';
import type { DialectName } from '../db.js';

/**
 * Outbound mail of a case as one thread: each outbox row keeps the In-Reply-To and References it was threaded with,
 * so a retry sends the same headers. Cases keep extra addresses that receive their public replies, and the admin
 * keeps settings such as the hotline number (shown in mails and in the portal).
 */
export function mailThreadsAndSettings(_dialect: DialectName) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('outbox_messages').addColumn('in_reply_to', 'text').execute();
      await db.schema.alterTable('outbox_messages').addColumn('references_header', 'text').execute();

      await db.schema
        .createTable('case_cc_addresses')
        .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
        .addColumn('address', 'text', (c) => c.notNull())
        .addColumn('added_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('case_cc_addresses_pk', ['case_id', 'address'])
        .execute();

      await db.schema
        .createTable('admin_settings')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('updated_by', 'text', (c) => c.references('users.id'))
        .execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('admin_settings').execute();
      await db.schema.dropTable('case_cc_addresses').execute();
      await db.schema.alterTable('outbox_messages').dropColumn('references_header').execute();
      await db.schema.alterTable('outbox_messages').dropColumn('in_reply_to').execute();
    },
  };
}
