import { sql, type Kysely } from 'kysely';
import { CJK_CLASS } from '../../domain/search/cjk-bigrams.js';
import type { DialectName } from '../dialect.js';

async function run(db: Kysely<unknown>, statement: string): Promise<void> {
  await sql.raw(statement).execute(db);
}

/**
 * PostgreSQL's `casedesk_cjk_bigrams(text)`: the distinct bigrams of the text's CJK runs, as `cjkBigrams` finds them.
 * It takes tens of microseconds a text, so it is declared costly (COST 1000, against 100 for an ordinary SQL function):
 * the planner then reads a bigram's texts from the GIN index instead of calling it on every text of a scan.
 */
export const POSTGRES_CJK_BIGRAMS = `CREATE FUNCTION casedesk_cjk_bigrams(text) RETURNS text[]
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE COST 1000 AS $$
    SELECT coalesce(array_agg(DISTINCT substr(r.run[1], i, 2)), '{}')
    FROM regexp_matches($1, '${CJK_CLASS}{2,}', 'g') AS r(run), generate_series(1, char_length(r.run[1]) - 1) AS i
  $$`;

/**
 * Two-character CJK terms answered from an index (issue #15). Most Chinese words are two characters (端口, 故障, 耗尽),
 * and a two-character term has no trigram: it was matched by reading the texts newest first until the ranking's cap,
 * which for a rare term meant every text (seconds at a million cases). Now every search text's CJK character bigrams
 * (`domain/search/cjk-bigrams.ts`) are indexed, and a two-character term made only of CJK characters is looked up
 * there, newest first (`repositories/case-search.ts`).
 *
 * SQLite: a contentless FTS5 table `case_search_bigrams` (rowid = `case_search_texts.id`; tokenizer `unicode61`, so
 * each space-separated bigram is one token; `detail=none`, only which texts hold a bigram, no positions), kept by
 * triggers on `case_search_texts` that call the connection's `casedesk_cjk_bigrams(text)` (registered by `openSqlite`,
 * `cjk-bigram-function.ts`). A text without a CJK bigram gets no row. The migration fills it for the texts there.
 *
 * PostgreSQL: the SQL function `casedesk_cjk_bigrams(text) RETURNS text[]` (immutable, same answer as the domain
 * function; a test checks) and a GIN expression index over it on `case_search_texts`, kept by PostgreSQL itself.
 * Building the index holds a SHARE lock on `case_search_texts` for the build: during a rolling upgrade the previous
 * release's writes of search texts (the background indexer, work done, visits) wait for it, then go on; nothing of
 * theirs changes. The table is analysed afterwards, so the planner knows how rare each bigram is.
 */
export function cjkBigramSearch(dialect: DialectName) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      if (dialect === 'postgres') {
        await run(db, POSTGRES_CJK_BIGRAMS);
        await run(db, 'CREATE INDEX case_search_texts_bigrams ON case_search_texts USING gin (casedesk_cjk_bigrams(text))');
        await run(db, 'ANALYZE case_search_texts');
        return;
      }
      await run(
        db,
        `CREATE VIRTUAL TABLE case_search_bigrams USING fts5(bigrams, content='', contentless_delete=1, detail=none, ` +
          `tokenize='unicode61 remove_diacritics 0')`,
      );
      const insert = `INSERT INTO case_search_bigrams(rowid, bigrams) VALUES (new.id, casedesk_cjk_bigrams(new.text))`;
      await run(
        db,
        `CREATE TRIGGER case_search_texts_bigrams_ai AFTER INSERT ON case_search_texts ` +
          `WHEN casedesk_cjk_bigrams(new.text) <> '' BEGIN ${insert}; END`,
      );
      await run(
        db,
        `CREATE TRIGGER case_search_texts_bigrams_ad AFTER DELETE ON case_search_texts BEGIN DELETE FROM case_search_bigrams WHERE rowid = old.id; END`,
      );
      await run(
        db,
        `CREATE TRIGGER case_search_texts_bigrams_au AFTER UPDATE OF text ON case_search_texts WHEN new.text IS NOT old.text BEGIN ` +
          `DELETE FROM case_search_bigrams WHERE rowid = old.id; ` +
          `INSERT INTO case_search_bigrams(rowid, bigrams) SELECT new.id, casedesk_cjk_bigrams(new.text) WHERE casedesk_cjk_bigrams(new.text) <> ''; END`,
      );
      await run(
        db,
        `INSERT INTO case_search_bigrams(rowid, bigrams) SELECT id, bigrams FROM ` +
          `(SELECT id, casedesk_cjk_bigrams(text) AS bigrams FROM case_search_texts) WHERE bigrams <> ''`,
      );
    },
    async down(db: Kysely<unknown>): Promise<void> {
      if (dialect === 'postgres') {
        await run(db, 'DROP INDEX IF EXISTS case_search_texts_bigrams');
        await run(db, 'DROP FUNCTION IF EXISTS casedesk_cjk_bigrams(text)');
        return;
      }
      for (const suffix of ['ai', 'ad', 'au']) await run(db, `DROP TRIGGER IF EXISTS case_search_texts_bigrams_${suffix}`);
      await run(db, 'DROP TABLE IF EXISTS case_search_bigrams');
    },
  };
}
