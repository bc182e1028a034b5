import { sql } from 'kysely';
import { dialectOf, type Executor } from '../dialect.js';
import { insertRows, SOURCES } from '../migrations/0028-case-search.js';
import { feedCursor, listCaseChangesAfter, takeFeedCursor, type ChangePosition } from './case-changes.js';

const INDEXED_HERE = SOURCES.filter((source) => source.byIndexer);
const INDEXED_SOURCE_NAMES = INDEXED_HERE.flatMap((source) => source.rows.map((row) => `'${row.source}'`)).join(', ');

/** Case ids come from the database itself; quoted all the same. */
function literal(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/**
 * One batch of the search indexer, in the caller's transaction: the cases changed after the cursor (at most `limit`)
 * get their own texts and their replies' and notes' texts written afresh, and the cursor moves past them. Rewriting
 * a case is idempotent, so a case changed again later is simply written again. Returns how many changes it read.
 */
export async function indexChangedCasesBatch(trx: Executor, limit: number): Promise<number> {
  const cursor = await takeFeedCursor(trx, 'case_search_cursor');
  if (!cursor) return 0;
  const changes = await listCaseChangesAfter(trx, cursor, limit);
  if (changes.length === 0) return 0;
  const ids = [...new Set(changes.map((change) => change.id))].map(literal).join(', ');
  await sql.raw(`DELETE FROM case_search_texts WHERE case_id IN (${ids}) AND source IN (${INDEXED_SOURCE_NAMES})`).execute(trx);
  const dialect = dialectOf(trx);
  for (const source of INDEXED_HERE) {
    for (const statement of insertRows(dialect, source, 'src', ` FROM ${source.table} AS src`, `${source.caseId} IN (${ids})`)) {
      await sql.raw(statement).execute(trx);
    }
  }
  const last = changes[changes.length - 1]!;
  await sql`update case_search_cursor set tx = ${last.tx}, seq = ${last.seq} where id = 1`.execute(trx);
  return changes.length;
}

/** The indexer's cursor, for tests and the admin's eye. */
export function caseSearchCursor(executor: Executor): Promise<ChangePosition> {
  return feedCursor(executor, 'case_search_cursor');
}

/** The position of the latest case change visible now, or null when no case was ever written. */
export async function lastCaseChange(executor: Executor): Promise<ChangePosition | null> {
  const { rows } = await sql<{ tx: string; seq: string }>`select cast(tx as text) as tx, cast(seq as text) as seq
from case_changes order by tx desc, seq desc limit 1`.execute(executor);
  return rows[0] ? { tx: BigInt(rows[0].tx), seq: BigInt(rows[0].seq) } : null;
}
