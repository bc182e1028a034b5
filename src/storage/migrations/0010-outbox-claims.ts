import type { Kysely } from 'kysely';
import type { DialectName } from '../db.js';

/**
 * Outbox claims are renewed by their sender's heartbeat, one statement per claim token every few seconds, so the
 * token gets an index: the heartbeat then touches the rows it holds, not the whole outbox.
 */
export function outboxClaims(_dialect: DialectName) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.createIndex('outbox_messages_claim').on('outbox_messages').column('claim_token').execute();
    },
  };
}
