import type { Kysely } from 'kysely';

/**
 * Chat targets (a user's own, or a position's) and their outbox of deliveries. A delivery is written in the
 * transaction of what it tells (an upgrading report), once per target and message (`chat_deliveries_once`), and
 * posted by the chat sender under a lease with back-off, as webhook deliveries are.
 */
export const chatTargets = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('chat_targets')
      .addColumn('id', 'text', (c) => c.primaryKey())
      // Exactly one of the two owners is set.
      .addColumn('owner_user_id', 'text')
      .addColumn('owner_position', 'text')
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('url', 'text', (c) => c.notNull())
      // The robot's signing secret (DingTalk, Feishu), as the chat gave it; never answered by the API.
      .addColumn('secret', 'text')
      .addColumn('label', 'text')
      .addColumn('enabled', 'integer', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      // The last attempt to post to it (a report or a test message), for its owner to see.
      .addColumn('last_attempt_at', 'text')
      .addColumn('last_delivered', 'integer')
      .addColumn('last_status_code', 'integer')
      .addColumn('last_error', 'text')
      .execute();
    await db.schema.createIndex('chat_targets_owner_user').on('chat_targets').column('owner_user_id').execute();
    await db.schema.createIndex('chat_targets_owner_position').on('chat_targets').column('owner_position').execute();

    await db.schema
      .createTable('chat_deliveries')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('target_id', 'text', (c) => c.notNull())
      // Stable across retries and instances: what the message tells (e.g. the report of a case's step to its holder).
      .addColumn('message_id', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('case_id', 'text')
      // The body as the chat takes it, written once; the signature (DingTalk, Feishu) is added at each attempt.
      .addColumn('body_json', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      // 'pending' (due at next_attempt_at), 'delivered', 'failed' (its retries ran out).
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('next_attempt_at', 'text', (c) => c.notNull())
      .addColumn('claim_token', 'text')
      .addColumn('claimed_until', 'text')
      .addColumn('last_attempt_at', 'text')
      .addColumn('last_error', 'text')
      .addColumn('delivered_at', 'text')
      .execute();
    await db.schema.createIndex('chat_deliveries_once').on('chat_deliveries').columns(['target_id', 'message_id']).unique().execute();
    await db.schema.createIndex('chat_deliveries_due').on('chat_deliveries').columns(['status', 'next_attempt_at']).execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('chat_deliveries').execute();
    await db.schema.dropTable('chat_targets').execute();
  },
};
