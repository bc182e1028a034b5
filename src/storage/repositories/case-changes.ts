import { sql } from 'kysely';
import { dialectOf, type Executor } from '../dialect.js';

/**
 * A place in the live feed's order: (writing transaction, sequence). On PostgreSQL `tx` is the transaction id of the
 * change, on SQLite always 0. Kept as bigint: transaction ids and sequence values are 64-bit.
 */
export interface ChangePosition {
  tx: bigint;
  seq: bigint;
}

export interface CaseChangeRow {
  id: string;
  organization_id: string;
  updated_at: string;
  status: string;
  level: number;
  tx: string;
  seq: string;
}

/**
 * PostgreSQL: the transaction id below which every change of this database is final — the oldest transaction still
 * running, leaving out those known to run in another database of the cluster (transaction ids are cluster-wide, so
 * without this an hour-long report in a neighbouring database would hold the live feed and the indexers back for that
 * hour). A transaction that ended while this statement looked cannot be placed and still counts: at worst the reader
 * waits one more turn. Transactions of this database always count, whatever they have written so far: one that has
 * written elsewhere may still add a change with its older id.
 */
const FEED_HORIZON = sql<string>`(with snapshot as (select pg_current_snapshot() as taken)
  select coalesce(
    (select min(running) from snapshot, pg_snapshot_xip(snapshot.taken) as running
      where running::xid not in (select backend_xid from pg_stat_activity
        where backend_xid is not null and datid is distinct from (select oid from pg_database where datname = current_database()))),
    (select pg_snapshot_xmax(taken) from snapshot))::text::bigint)`;

/**
 * The position from which a reader hears every change that is not yet final. On PostgreSQL: just before the oldest
 * transaction still running in this database (everything older has finished, so it was before this moment); on
 * SQLite: the last change written.
 */
export async function currentChangePosition(executor: Executor): Promise<ChangePosition> {
  if (dialectOf(executor) === 'postgres') {
    const { rows } = await sql<{ tx: string }>`select ${FEED_HORIZON}::text as tx`.execute(executor);
    return { tx: BigInt(rows[0]!.tx), seq: 0n };
  }
  const { rows } = await sql<{ seq: string }>`select cast(coalesce(max(seq), 0) as text) as seq from case_changes where tx = 0`.execute(
    executor,
  );
  return { tx: 0n, seq: BigInt(rows[0]!.seq) };
}

/**
 * Cases whose latest change lies after `after`, in the feed's order, at most `limit`. On PostgreSQL only changes of
 * transactions older than every transaction still running in this database are read (FEED_HORIZON): ids are handed out when a transaction first
 * writes but become visible when it commits, so a lower id may still appear after a higher one has been read. Below
 * the oldest running transaction nothing can appear any more, so a reader that moves past a row never misses one.
 */
export async function listCaseChangesAfter(executor: Executor, after: ChangePosition, limit: number): Promise<CaseChangeRow[]> {
  if (dialectOf(executor) === 'postgres') {
    const { rows } = await sql<CaseChangeRow>`select case_changes.case_id as id, cases.organization_id, cases.updated_at, cases.status,
  cases.level, case_changes.tx::text as tx, case_changes.seq::text as seq
from case_changes inner join cases on cases.id = case_changes.case_id
where (case_changes.tx, case_changes.seq) > (${after.tx.toString()}::bigint, ${after.seq.toString()}::bigint)
  and case_changes.tx < ${FEED_HORIZON}
order by case_changes.tx, case_changes.seq
limit ${limit}`.execute(executor);
    return rows;
  }
  // SQLite has one writer at a time, so changes become visible in the order of their sequence.
  const { rows } = await sql<CaseChangeRow>`select case_changes.case_id as id, cases.organization_id, cases.updated_at, cases.status,
  cases.level, cast(case_changes.tx as text) as tx, cast(case_changes.seq as text) as seq
from case_changes inner join cases on cases.id = case_changes.case_id
where case_changes.tx = 0 and case_changes.seq > ${Number(after.seq)}
order by case_changes.tx, case_changes.seq
limit ${limit}`.execute(executor);
  return rows;
}

/** `tx < horizon` for changes a reader may move past now (see FEED_HORIZON); PostgreSQL only. */
export function finalOnPostgres(tx: ReturnType<typeof sql.ref>) {
  return sql<boolean>`${tx} < ${FEED_HORIZON}`;
}

/** The tables holding one reader's place in the feed (one row, id 1), e.g. the search and fault indexers'. */
export type FeedCursorTable = 'case_search_cursor' | 'fault_occurrence_cursor';

/**
 * Where a background reader of the feed stands. On PostgreSQL the cursor row is locked for the rest of the
 * transaction, and `null` is returned when another instance holds it (it is reading this very moment; this one
 * skips its turn), so one instance at a time works from a cursor.
 */
export async function takeFeedCursor(trx: Executor, table: FeedCursorTable): Promise<ChangePosition | null> {
  const lock = dialectOf(trx) === 'postgres' ? sql` for update skip locked` : sql``;
  const { rows } = await sql<{ tx: string; seq: string }>`select cast(tx as text) as tx, cast(seq as text) as seq
from ${sql.table(table)} where id = 1${lock}`.execute(trx);
  const row = rows[0];
  return row ? { tx: BigInt(row.tx), seq: BigInt(row.seq) } : null;
}

/** A background reader's cursor, for tests and the admin's eye. */
export async function feedCursor(executor: Executor, table: FeedCursorTable): Promise<ChangePosition> {
  const { rows } = await sql<{ tx: string; seq: string }>`select cast(tx as text) as tx, cast(seq as text) as seq
from ${sql.table(table)} where id = 1`.execute(executor);
  return { tx: BigInt(rows[0]!.tx), seq: BigInt(rows[0]!.seq) };
}
