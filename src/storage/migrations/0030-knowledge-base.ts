import type { Kysely } from 'kysely';
import type { DialectName } from '../db.js';

/**
 * The knowledge base.
 *
 * - `articles`: one article, whatever its languages: category, visibility (`internal` | `customer`), status
 *   (`draft` | `published`).
 * - `article_versions`: every save of one language is a new row, numbered per article and language from 1; the
 *   highest number is the current text, the others stay readable.
 * - `article_tags`: an article's tags, one row each, so lists filter on a tag the same way on both databases.
 * - `article_cases`: the cases an article is linked to.
 * - `article_feedback`: "was this helpful", one answer per user and article, changeable.
 */
export function knowledgeBase(_dialect: DialectName) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('articles')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('category', 'text')
        .addColumn('visibility', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('published_at', 'text')
        .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('article_versions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('article_id', 'text', (c) => c.notNull().references('articles.id'))
        .addColumn('language', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('article_versions_number_key', ['article_id', 'language', 'version'])
        .execute();
      await db.schema
        .createTable('article_tags')
        .addColumn('article_id', 'text', (c) => c.notNull().references('articles.id'))
        .addColumn('tag', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('article_tags_pkey', ['article_id', 'tag'])
        .execute();
      await db.schema.createIndex('article_tags_tag').on('article_tags').column('tag').execute();
      await db.schema
        .createTable('article_cases')
        .addColumn('article_id', 'text', (c) => c.notNull().references('articles.id'))
        .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
        .addColumn('linked_by', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('linked_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('article_cases_pkey', ['article_id', 'case_id'])
        .execute();
      await db.schema.createIndex('article_cases_case').on('article_cases').column('case_id').execute();
      await db.schema
        .createTable('article_feedback')
        .addColumn('article_id', 'text', (c) => c.notNull().references('articles.id'))
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('helpful', 'integer', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('article_feedback_pkey', ['article_id', 'user_id'])
        .execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      for (const table of ['article_feedback', 'article_cases', 'article_tags', 'article_versions', 'articles'])
        await db.schema.dropTable(table).execute();
    },
  };
}
