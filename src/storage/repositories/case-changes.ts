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
 * The position from which a reader hears every change that is not yet final. On PostgreSQL: just before the oldest
 * transaction still running (everything older has finished, so it was before this moment); on SQLite: the last
 * change written.
 */
export async function currentChangePosition(executor: Executor): Promise<ChangePosition> {
  if (dialectOf(executor) === 'postgres') {
    const { rows } = await sql<{ tx: string }>`select pg_snapshot_xmin(pg_current_snapshot())::text as tx`.execute(executor);
    return { tx: BigInt(rows[0]!.tx), seq: 0n };
  }
  const { rows } = await sql<{ seq: string }>`select cast(coalesce(max(seq), 0) as text) as seq from case_changes where tx = 0`.execute(
    executor,
  );
  return { tx: 0n, seq: BigInt(rows[0]!.seq) };
}

/**
 * Cases whose latest change lies after `after`, in the feed's order, at most `limit`. On PostgreSQL only changes of
 * transactions older than every transaction still running are read: ids are handed out when a transaction first
 * writes but become visible when it commits, so a lower id may still appear after a higher one has been read. Below
 * the oldest running transaction nothing can appear any more, so a reader that moves past a row never misses one.
 */
export async function listCaseChangesAfter(executor: Executor, after: ChangePosition, limit: number): Promise<CaseChangeRow[]> {
  if (dialectOf(executor) === 'postgres') {
    const { rows } = await sql<CaseChangeRow>`select case_changes.case_id as id, cases.organization_id, cases.updated_at, cases.status,
  cases.level, case_changes.tx::text as tx, case_changes.seq::text as seq
from case_changes inner join cases on cases.id = case_changes.case_id
where (case_changes.tx, case_changes.seq) > (${after.tx.toString()}::bigint, ${after.seq.toString()}::bigint)
  and case_changes.tx < pg_snapshot_xmin(pg_current_snapshot())::text::bigint
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
