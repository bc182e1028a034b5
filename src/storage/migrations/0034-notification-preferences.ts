import type { Kysely } from 'kysely';
import type { DialectName } from '../db.js';

/**
 * Notifications per user preference, and acknowledgements given on someone's behalf.
 *
 * - `notification_preferences`: a user's choice for one kind of notification, per channel (in the app, by e-mail).
 *   Only kinds a user has set have a row; the rest follow the defaults of `domain/notifications/notification-kinds.ts`.
 * - `escalation_steps.acknowledged_reason`: why an admin acknowledged an upgrading report for the people it told.
 */
export function notificationPreferences(_dialect: DialectName) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('notification_preferences')
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('in_app', 'integer', (c) => c.notNull())
        .addColumn('email', 'integer', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('notification_preferences_pk', ['user_id', 'kind'])
        .execute();
      await db.schema.alterTable('escalation_steps').addColumn('acknowledged_reason', 'text').execute();
    },
  };
}
