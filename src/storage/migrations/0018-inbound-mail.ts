import type { Kysely } from 'kysely';
import type { DialectName } from '../db.js';

/**
 * Mail that came in (SMTP listener or mailbox). `message_id` is unique: a mail delivered twice, or to two instances
 * at once, is stored once, and it is stored in the transaction that opens or threads its case, so the case exists
 * exactly once too. A mail without a Message-ID gets the SHA-256 of its bytes instead.
 */
export function inboundMail(_dialect: DialectName) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('inbound_mail')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('message_id', 'text', (c) => c.notNull().unique())
        .addColumn('received_at', 'text', (c) => c.notNull())
        .addColumn('from_address', 'text', (c) => c.notNull())
        .addColumn('from_name', 'text')
        .addColumn('to_address', 'text')
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('in_reply_to', 'text')
        .addColumn('references_json', 'text', (c) => c.notNull())
        .addColumn('text_body', 'text', (c) => c.notNull())
        .addColumn('html_body', 'text')
        .addColumn('raw', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('reason', 'text')
        .addColumn('case_id', 'text', (c) => c.references('cases.id'))
        .addColumn('handled_by', 'text')
        .addColumn('handled_at', 'text')
        .execute();
      await db.schema.createIndex('inbound_mail_status').on('inbound_mail').columns(['status', 'id']).execute();
      await db.schema.createIndex('inbound_mail_sender').on('inbound_mail').columns(['from_address', 'received_at']).execute();
      await db.schema.createIndex('inbound_mail_case').on('inbound_mail').column('case_id').execute();
    },
  };
}
