import type { Kysely } from 'kysely';

/**
 * Reminders of overdue follow-ups: `follow_ups.overdue_notified_at` is when the owner was told their follow-up is past
 * its due time (null until then). Nullable, so a running instance of the previous release writes follow-ups as before.
 */
export const followUpReminders = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('follow_ups').addColumn('overdue_notified_at', 'text').execute();
    await db.schema.createIndex('follow_ups_open_due').on('follow_ups').columns(['status', 'due_at']).execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropIndex('follow_ups_open_due').execute();
    await db.schema.alterTable('follow_ups').dropColumn('overdue_notified_at').execute();
  },
};
