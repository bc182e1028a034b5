import type { Kysely } from 'kysely';
import type { DialectName } from '../db.js';

/** The transactional mail outbox and in-app notifications. */
export function outboxAndNotifications(_dialect: DialectName) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('outbox_messages')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('recipient_user_id', 'text', (c) => c.references('users.id'))
        .addColumn('to_address', 'text', (c) => c.notNull())
        .addColumn('language', 'text', (c) => c.notNull())
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('text_body', 'text', (c) => c.notNull())
        .addColumn('html_body', 'text', (c) => c.notNull())
        // A producer that retries its transaction collides here instead of enqueueing the same mail twice.
        .addColumn('dedupe_key', 'text', (c) => c.notNull().unique())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('next_attempt_at', 'text', (c) => c.notNull())
        .addColumn('lease_until', 'text')
        // Which claim holds the lease: a sender whose lease ran out and was taken over must not mark the row.
        .addColumn('claim_token', 'text')
        .addColumn('last_error', 'text')
        .addColumn('message_id', 'text', (c) => c.notNull().unique())
        .addColumn('case_id', 'text', (c) => c.references('cases.id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('sent_at', 'text')
        .execute();
      await db.schema.createIndex('outbox_messages_due').on('outbox_messages').columns(['status', 'next_attempt_at']).execute();
      await db.schema.createIndex('outbox_messages_case').on('outbox_messages').column('case_id').execute();

      await db.schema
        .createTable('notifications')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('case_id', 'text', (c) => c.references('cases.id'))
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('link', 'text')
        // Optional, for producers that may run twice; NULLs never collide in either dialect.
        .addColumn('dedupe_key', 'text', (c) => c.unique())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('read_at', 'text')
        .execute();
      await db.schema.createIndex('notifications_user').on('notifications').columns(['user_id', 'id']).execute();
      await db.schema.createIndex('notifications_user_unread').on('notifications').columns(['user_id', 'read_at']).execute();
    },
  };
}
