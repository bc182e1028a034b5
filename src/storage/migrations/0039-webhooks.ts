import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../dialect.js';

async function run(db: Kysely<unknown>, statement: string): Promise<void> {
  await sql.raw(statement).execute(db);
}

/**
 * The timeline events webhooks are told of (see domain/webhooks/webhook-events.ts). A public note is a reply; an
 * internal note is never sent out.
 */
export const WEBHOOK_SOURCE_CONDITION =
  "NEW.kind IN ('case.created', 'case.updated', 'case.transitioned', 'case.level-changed', 'case.assigned', " +
  "'escalation.fired', 'escalation.acknowledged', 'service-record.confirmed', 'survey.answered') " +
  "OR (NEW.kind = 'case.note' AND NEW.visibility = 'public')";

const ANY_SUBSCRIPTION = 'EXISTS (SELECT 1 FROM webhook_subscriptions WHERE enabled = 1)';
const QUEUE_EVENT =
  'INSERT INTO webhook_event_queue (id, source_kind, case_id, problem_id, at, actor_user_id, data_json) ' +
  'VALUES (NEW.id, NEW.kind, NEW.case_id, NULL, NEW.at, NEW.actor_user_id, NEW.data_json)';

/**
 * Webhook subscriptions, their outbox of deliveries and each delivery's attempts. What happened to a case is taken
 * from its timeline by a trigger, in the transaction of the change, whichever path wrote it (the intake's one-statement
 * insert on PostgreSQL included); only while an enabled subscription exists, so without webhooks a timeline event
 * costs one look at an empty table.
 */
export function webhooks(dialect: DialectName) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('webhook_subscriptions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('url', 'text', (c) => c.notNull())
        .addColumn('events_json', 'text', (c) => c.notNull())
        .addColumn('description', 'text')
        .addColumn('secret', 'text', (c) => c.notNull())
        .addColumn('enabled', 'integer', (c) => c.notNull())
        // Why it is off: 'admin' (switched off) or 'failing' (CaseDesk gave up on it); null while enabled.
        .addColumn('disabled_reason', 'text')
        .addColumn('owner_user_id', 'text', (c) => c.notNull())
        .addColumn('consecutive_failures', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('failing_since', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('webhook_subscriptions_enabled').on('webhook_subscriptions').column('enabled').execute();

      // Events waiting to be turned into deliveries (one per matching subscription) by the webhook job.
      await db.schema
        .createTable('webhook_event_queue')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('source_kind', 'text', (c) => c.notNull())
        .addColumn('case_id', 'text')
        .addColumn('problem_id', 'text')
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('actor_user_id', 'text')
        .addColumn('data_json', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('webhook_deliveries')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('subscription_id', 'text', (c) => c.notNull())
        // The Standard Webhooks message id (`msg_…`): one per event, the same on every attempt and every subscription.
        .addColumn('message_id', 'text', (c) => c.notNull())
        .addColumn('event_type', 'text', (c) => c.notNull())
        .addColumn('payload_json', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        // 'pending' (due at next_attempt_at), 'delivered', 'failed' (its retries ran out; an admin may redeliver).
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('next_attempt_at', 'text', (c) => c.notNull())
        .addColumn('claim_token', 'text')
        .addColumn('claimed_until', 'text')
        .addColumn('last_attempt_at', 'text')
        .addColumn('delivered_at', 'text')
        .execute();
      // Exactly one delivery of an event per subscription, however many instances turn the queue into deliveries.
      await db.schema
        .createIndex('webhook_deliveries_once')
        .on('webhook_deliveries')
        .columns(['subscription_id', 'message_id'])
        .unique()
        .execute();
      await db.schema.createIndex('webhook_deliveries_due').on('webhook_deliveries').columns(['status', 'next_attempt_at']).execute();
      await db.schema
        .createIndex('webhook_deliveries_subscription')
        .on('webhook_deliveries')
        .columns(['subscription_id', 'created_at'])
        .execute();

      await db.schema
        .createTable('webhook_delivery_attempts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('delivery_id', 'text', (c) => c.notNull())
        .addColumn('attempted_at', 'text', (c) => c.notNull())
        .addColumn('status_code', 'integer')
        .addColumn('duration_ms', 'integer', (c) => c.notNull())
        .addColumn('response_excerpt', 'text')
        .addColumn('error', 'text')
        .execute();
      await db.schema
        .createIndex('webhook_delivery_attempts_delivery')
        .on('webhook_delivery_attempts')
        .columns(['delivery_id', 'attempted_at'])
        .execute();

      if (dialect === 'postgres') {
        await run(
          db,
          `CREATE FUNCTION webhook_queue_case_event() RETURNS trigger AS $$ BEGIN ` +
            `IF (${WEBHOOK_SOURCE_CONDITION}) AND ${ANY_SUBSCRIPTION} THEN ${QUEUE_EVENT}; END IF; ` +
            `RETURN NULL; END $$ LANGUAGE plpgsql`,
        );
        await run(
          db,
          `CREATE TRIGGER case_events_webhooks AFTER INSERT ON case_events FOR EACH ROW EXECUTE FUNCTION webhook_queue_case_event()`,
        );
      } else {
        await run(
          db,
          `CREATE TRIGGER case_events_webhooks AFTER INSERT ON case_events ` +
            `WHEN (${WEBHOOK_SOURCE_CONDITION}) AND ${ANY_SUBSCRIPTION} BEGIN ${QUEUE_EVENT}; END`,
        );
      }
    },
    async down(db: Kysely<unknown>): Promise<void> {
      if (dialect === 'postgres') {
        await run(db, 'DROP TRIGGER IF EXISTS case_events_webhooks ON case_events');
        await run(db, 'DROP FUNCTION IF EXISTS webhook_queue_case_event()');
      } else {
        await run(db, 'DROP TRIGGER IF EXISTS case_events_webhooks');
      }
      for (const table of ['webhook_delivery_attempts', 'webhook_deliveries', 'webhook_event_queue', 'webhook_subscriptions']) {
        await db.schema.dropTable(table).execute();
      }
    },
  };
}
