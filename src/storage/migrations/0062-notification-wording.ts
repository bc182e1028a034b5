import type { Kysely } from 'kysely';

/**
 * `notifications.wording_json`: what an in-app notification says as catalogue keys and their values, so it is worded
 * in its reader's language when read, not in the one it was written in. Nullable: a running instance of the previous
 * release writes notifications without it, and those (and every older one) are shown as they were written.
 */
export const notificationWording = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('notifications').addColumn('wording_json', 'text').execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('notifications').dropColumn('wording_json').execute();
  },
};
