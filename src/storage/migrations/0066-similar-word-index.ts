import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../dialect.js';

async function run(db: Kysely<unknown>, statement: string): Promise<void> {
  await sql.raw(statement).execute(db);
}

/** Characters of a word key: a similar-case term made only of these is looked up by its words (`similar-cases.ts`). */
export const SIMILAR_WORD_CLASS = '[a-z0-9]';
/** A key holds at most this many characters of its word; a longer term is checked against the text itself. */
export const SIMILAR_WORD_KEY_LENGTH = 16;

/**
 * PostgreSQL's `casedesk_similar_words(text)`: the distinct runs of three or more Latin letters and digits of a
 * title or description, in lower case, cut at SIMILAR_WORD_KEY_LENGTH characters (full-width letters are not folded,
 * as neither trigram index folds them). A
 * similar-case term of Latin letters and digits starts a word where `holdsTerm` finds it (after anything that is not
 * a letter or digit), so it is the start of one of these runs: every text holding it has a key it begins.
 */
export const POSTGRES_SIMILAR_WORDS = `CREATE FUNCTION casedesk_similar_words(text) RETURNS text[]
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT coalesce(array_agg(DISTINCT left(w[1], ${SIMILAR_WORD_KEY_LENGTH})), '{}')
    FROM regexp_matches(lower($1), '(${SIMILAR_WORD_CLASS}{3,})', 'g') AS w
  $$`;

/**
 * What keeps the words: added texts add theirs, removed ones take theirs away, and an update (a text rewritten by an
 * erasure, say) takes the old words away, then adds the new ones (triggers of one event fire in the order of their
 * names).
 */
const TRIGGERS = [
  { name: 'ai', event: 'INSERT', rows: 'NEW TABLE AS added_texts', does: 'added' },
  { name: 'ad', event: 'DELETE', rows: 'OLD TABLE AS removed_texts', does: 'removed' },
  { name: 'au1_removed', event: 'UPDATE', rows: 'OLD TABLE AS removed_texts', does: 'removed' },
  { name: 'au2_added', event: 'UPDATE', rows: 'NEW TABLE AS added_texts', does: 'added' },
] as const;

/**
 * The words of titles and descriptions with their text's id, newest first per word (issue #15, PostgreSQL only).
 *
 * The similar-case look-up wants the newest few dozen titles and descriptions holding a word. The trigram index
 * answers "which texts hold it" in no order: for a word held by 36 000 texts at 1 000 000 cases every one of them was
 * read from the table to keep the newest 90 (100–220 ms). In `case_similar_words` the primary key (word, text_id)
 * lists a word's texts in id order, so the newest are read from the end of that word's range and the look-up stops
 * after as many as it needs; `scope` (a hash of the case's organisation, in the index) lets a customer's look-up skip
 * other organisations' texts without reading the table. SQLite needs none of this: its trigram index (FTS5) is read
 * newest first already.
 *
 * Kept by statement triggers on `case_search_texts`, so every writer of texts (the indexer, a personal-data erasure
 * rewriting a text) keeps it without knowing of it; the words to delete are worked out from the old text, which is
 * why the function must be immutable. The migration fills it for the texts there (at 1 000 000 cases about nine
 * million rows, 44 s on a quiet 2-core machine), building the key after the rows are in; writes of search texts wait
 * for it meanwhile.
 */
export function similarWordIndex(dialect: DialectName) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      if (dialect !== 'postgres') return;
      await run(db, POSTGRES_SIMILAR_WORDS);
      await run(db, `CREATE TABLE case_similar_words (word text COLLATE "C" NOT NULL, text_id bigint NOT NULL, scope integer NOT NULL)`);
      await run(
        db,
        `CREATE FUNCTION casedesk_similar_words_added() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
          INSERT INTO case_similar_words (word, text_id, scope)
            SELECT w.word, n.id, hashtext(c.organization_id) FROM added_texts n JOIN cases c ON c.id = n.case_id
            CROSS JOIN LATERAL unnest(casedesk_similar_words(n.text)) AS w(word)
            WHERE n.source IN ('title', 'description') AND n.internal = 0;
          RETURN NULL;
        END $$`,
      );
      await run(
        db,
        `CREATE FUNCTION casedesk_similar_words_removed() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
          DELETE FROM case_similar_words s USING (
            SELECT o.id, w.word FROM removed_texts o CROSS JOIN LATERAL unnest(casedesk_similar_words(o.text)) AS w(word)
            WHERE o.source IN ('title', 'description') AND o.internal = 0
          ) AS gone WHERE s.word = gone.word AND s.text_id = gone.id;
          RETURN NULL;
        END $$`,
      );
      for (const trigger of TRIGGERS) {
        await run(
          db,
          `CREATE TRIGGER case_similar_words_${trigger.name} AFTER ${trigger.event} ON case_search_texts ` +
            `REFERENCING ${trigger.rows} FOR EACH STATEMENT EXECUTE FUNCTION casedesk_similar_words_${trigger.does}()`,
        );
      }
      // The triggers first: creating them locks writes of search texts out until the migration ends, so no text is
      // written between the copy below and the triggers without its words.
      await run(
        db,
        `INSERT INTO case_similar_words (word, text_id, scope)
          SELECT w.word, t.id, hashtext(c.organization_id) FROM case_search_texts t JOIN cases c ON c.id = t.case_id
          CROSS JOIN LATERAL unnest(casedesk_similar_words(t.text)) AS w(word)
          WHERE t.source IN ('title', 'description') AND t.internal = 0`,
      );
      await run(db, 'ALTER TABLE case_similar_words ADD PRIMARY KEY (word, text_id) INCLUDE (scope)');
      await run(db, 'ANALYZE case_similar_words');
    },
    async down(db: Kysely<unknown>): Promise<void> {
      if (dialect !== 'postgres') return;
      for (const trigger of TRIGGERS) await run(db, `DROP TRIGGER IF EXISTS case_similar_words_${trigger.name} ON case_search_texts`);
      await run(db, 'DROP TABLE IF EXISTS case_similar_words');
      await run(db, 'DROP FUNCTION IF EXISTS casedesk_similar_words_added()');
      await run(db, 'DROP FUNCTION IF EXISTS casedesk_similar_words_removed()');
      await run(db, 'DROP FUNCTION IF EXISTS casedesk_similar_words(text)');
    },
  };
}
