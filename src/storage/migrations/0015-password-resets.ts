import type { Kysely } from 'kysely';
import type { DialectName } from '../db.js';

/**
 * Password reset links: only the SHA-256 of the token is kept, so a leaked table resets nothing; a link is used once
 * (`used_at`) and ends at `expires_at`.
 */
export function passwordResets(_dialect: DialectName) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('password_resets')
        .addColumn('token_hash', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('requested_by_user_id', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('used_at', 'text')
        .execute();
      await db.schema.createIndex('password_resets_user').on('password_resets').column('user_id').execute();
    },
  };
}
