import type { Kysely } from 'kysely';
import type { DialectName } from '../db.js';

/**
 * Mails about one subject (every invitation and change of one training) carry the same thread reference, so the
 * recipient's mail program shows them as one conversation.
 */
export function mailThreads(_dialect: DialectName) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('outbox_messages').addColumn('thread_message_id', 'text').execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('outbox_messages').dropColumn('thread_message_id').execute();
    },
  };
}
