import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../dialect.js';

/**
 * The similar-case look-up's text reason on PostgreSQL (issue #15) reads the newest titles and descriptions first
 * (`repositories/similar-cases.ts`). Walking all search texts backwards for them read replies and notes too: at
 * 1 000 000 cases 135 000 rows before 90 titles holding a common word were found. This index holds the title and
 * description texts' ids alone. SQLite walks its trigram index newest first and gets no index.
 */
export function similarCaseWords(dialect: DialectName) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      if (dialect === 'postgres')
        await sql`create index case_search_texts_case_words on case_search_texts (id)
          where source in ('title', 'description') and internal = 0`.execute(db);
    },
    async down(db: Kysely<unknown>): Promise<void> {
      if (dialect === 'postgres') await db.schema.dropIndex('case_search_texts_case_words').execute();
    },
  };
}
