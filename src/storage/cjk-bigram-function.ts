import { cjkBigrams } from '../domain/search/cjk-bigrams.js';
import type { SqliteDatabase } from './sqlite-driver.js';

/**
 * Registers `casedesk_cjk_bigrams(text)` on a SQLite connection: the CJK bigrams of a text (`cjkBigrams`), joined by
 * spaces, which is what the triggers of migration 0064 write into the FTS5 table `case_search_bigrams` (tokenizer
 * `unicode61`, so each bigram is one token). SQL has no such function, and the triggers on `case_search_texts` call
 * it, so every connection that writes search texts needs it: `openSqlite` registers it on each one it opens. A
 * connection without it (the `sqlite3` shell, say) can read the database but cannot write a search text.
 */
export function registerCjkBigrams(database: SqliteDatabase): void {
  database.function('casedesk_cjk_bigrams', { deterministic: true }, (text: unknown) =>
    typeof text === 'string' ? cjkBigrams(text).join(' ') : '',
  );
}
