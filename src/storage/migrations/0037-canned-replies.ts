import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../db.js';

/**
 * Canned replies (issue 16): one row per reply, its text in English and Simplified Chinese (an empty string where
 * it is not written in that language), shared with one department or owned by one user — exactly one of the two,
 * which the check keeps true whatever writes the row.
 */
export function cannedReplies(_dialect: DialectName) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('canned_replies')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('body_en', 'text', (c) => c.notNull())
        .addColumn('body_zh', 'text', (c) => c.notNull())
        .addColumn('department_id', 'text', (c) => c.references('departments.id'))
        .addColumn('owner_user_id', 'text', (c) => c.references('users.id'))
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_by', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addCheckConstraint('canned_replies_one_scope', sql`(department_id is null) <> (owner_user_id is null)`)
        .execute();
      // A picker lists the replies of a few departments and of one owner.
      await db.schema.createIndex('canned_replies_department').on('canned_replies').columns(['department_id', 'title']).execute();
      await db.schema.createIndex('canned_replies_owner').on('canned_replies').columns(['owner_user_id', 'title']).execute();
    },
  };
}
