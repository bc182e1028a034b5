import { sql, type RawBuilder } from 'kysely';
import { dialectOf, type Executor } from '../dialect.js';
import { feedCursor, finalOnPostgres, listCaseChangesAfter, takeFeedCursor, type ChangePosition } from './case-changes.js';

/** Milliseconds from `earlier` to `later` (ISO-8601 text columns), whole. */
export function millisecondsBetween(executor: Executor, later: RawBuilder<unknown>, earlier: RawBuilder<unknown>): RawBuilder<number> {
  return dialectOf(executor) === 'postgres'
    ? sql<number>`round(extract(epoch from (${later}::timestamptz - ${earlier}::timestamptz)) * 1000)`
    : sql<number>`round((julianday(${later}) - julianday(${earlier})) * 86400000.0)`;
}

/**
 * Writes the `fault_occurrences` rows of some units (or of all of them): one row per fault case and unit it names
 * (unit = upper(serial number)), with the previous fault of the same unit within the case's organisation (the
 * per-customer unit) and across all organisations (the per-product unit), and the product on record for the
 * serial number. A fault case naming no serial number gets one row with a null unit (it counts as a fault case per
 * customer). `scope` null rewrites everything; the caller deletes the rows first.
 */
async function insertOccurrences(executor: Executor, scope: { units: string[]; caseIds: string[] } | null): Promise<void> {
  if (scope && scope.units.length === 0 && scope.caseIds.length === 0) return;
  const none = sql`(select null where 1 = 0)`;
  const unitFilter = scope === null ? sql`` : sql`and upper(s.serial_number) in (${scope.units.length ? sql.join(scope.units) : none})`;
  const caseFilter = scope === null ? sql`` : sql`and c.id in (${scope.caseIds.length ? sql.join(scope.caseIds) : none})`;
  const interval = (previous: string) => millisecondsBetween(executor, sql.ref('o.received_at'), sql.ref(previous));
  // A case naming one unit only has one row in any group, so the report counts its rows without a distinct.
  const onlyUnit = sql`case when (select count(distinct upper(n.serial_number)) from case_serial_numbers n where n.case_id = o.case_id) = 1
    then 1 else 0 end`;
  await sql`insert into fault_occurrences (case_id, unit, organization_id, received_at, previous_in_organization_at,
    interval_in_organization_ms, previous_at, interval_ms, product_organization_id, vendor_id, model, site, only_unit_of_case)
select o.case_id, o.unit, o.organization_id, o.received_at, o.previous_in_organization_at, ${interval('o.previous_in_organization_at')},
  o.previous_at, ${interval('o.previous_at')}, a.organization_id, a.vendor_id, a.model, a.site, ${onlyUnit}
from (
  select u.case_id, u.unit, u.organization_id, u.received_at,
    lag(u.received_at) over (partition by u.organization_id, u.unit order by u.received_at, u.case_id) as previous_in_organization_at,
    lag(u.received_at) over (partition by u.unit order by u.received_at, u.case_id) as previous_at
  from (
    select distinct c.id as case_id, upper(s.serial_number) as unit, c.organization_id, c.received_at
    from case_serial_numbers s inner join cases c on c.id = s.case_id
    where c.kind = 'fault' ${unitFilter}
  ) u
) o
left join assets a on upper(a.serial_number) = o.unit
union all
select c.id, null, c.organization_id, c.received_at, null, null, null, null, null, null, null, null, 1
from cases c
where c.kind = 'fault' ${caseFilter} and not exists (select 1 from case_serial_numbers s where s.case_id = c.id)`.execute(executor);
}

/** On PostgreSQL one instance at a time holds the cursor, so two never rewrite the same unit at once. */
function takeCursor(trx: Executor): Promise<ChangePosition | null> {
  return takeFeedCursor(trx, 'fault_occurrence_cursor');
}

async function moveCursor(trx: Executor, to: ChangePosition): Promise<void> {
  await sql`update fault_occurrence_cursor set tx = ${to.tx.toString()}, seq = ${to.seq.toString()} where id = 1`.execute(trx);
}

/**
 * The position of the latest case change a reader may move past now: on PostgreSQL the latest one older than every
 * transaction still running (see listCaseChangesAfter), on SQLite the latest one.
 */
async function lastReadableChange(trx: Executor): Promise<ChangePosition | null> {
  const { rows } =
    dialectOf(trx) === 'postgres'
      ? await sql<{ tx: string; seq: string }>`select tx::text as tx, seq::text as seq from case_changes
where ${finalOnPostgres(sql.ref('tx'))} order by tx desc, seq desc limit 1`.execute(trx)
      : await sql<{
          tx: string;
          seq: string;
        }>`select '0' as tx, cast(max(seq) as text) as seq from case_changes where tx = 0 having max(seq) is not null`.execute(trx);
  return rows[0] ? { tx: BigInt(rows[0].tx), seq: BigInt(rows[0].seq) } : null;
}

/**
 * Rewrites the whole table in two set-based statements (the backfill, and the catch-up after a bulk load) and
 * moves the cursor to the latest change it covers. In the caller's transaction; false when another instance holds
 * the cursor.
 */
export async function rebuildFaultOccurrences(trx: Executor): Promise<boolean> {
  const cursor = await takeCursor(trx);
  if (!cursor) return false;
  const last = await lastReadableChange(trx);
  await sql`delete from fault_occurrences`.execute(trx);
  await insertOccurrences(trx, null);
  if (last && (last.tx > cursor.tx || (last.tx === cursor.tx && last.seq > cursor.seq))) await moveCursor(trx, last);
  return true;
}

/**
 * About how many case changes lie after the cursor, without reading them: change sequence numbers are handed out
 * one per change, so the latest one's minus the cursor's is an upper bound.
 */
export async function pendingFaultChanges(executor: Executor): Promise<number> {
  const cursor = await faultOccurrenceCursor(executor);
  const { rows } = await sql<{ seq: string }>`select cast(seq as text) as seq from case_changes order by tx desc, seq desc limit 1`.execute(
    executor,
  );
  return rows[0] ? Math.max(0, Number(BigInt(rows[0].seq) - cursor.seq)) : 0;
}

/**
 * One batch of the fault indexer, in the caller's transaction: every unit named now or before by the cases changed
 * after the cursor (at most `limit` changes) has its rows deleted and written afresh, and the cursor moves past
 * them. Rewriting a unit is idempotent, so a case changed again later is simply written again. Returns how many
 * changes it read.
 */
export async function indexChangedFaultsBatch(trx: Executor, limit: number): Promise<number> {
  const cursor = await takeCursor(trx);
  if (!cursor) return 0;
  const changes = await listCaseChangesAfter(trx, cursor, limit);
  if (changes.length === 0) return 0;
  const caseIds = [...new Set(changes.map((change) => change.id))];
  const ids = sql.join(caseIds);
  const { rows } = await sql<{ unit: string }>`select upper(serial_number) as unit from case_serial_numbers where case_id in (${ids})
union select unit from fault_occurrences where case_id in (${ids}) and unit is not null`.execute(trx);
  const units = rows.map((row) => row.unit);
  await sql`delete from fault_occurrences where case_id in (${ids})`.execute(trx);
  if (units.length > 0) await sql`delete from fault_occurrences where unit in (${sql.join(units)})`.execute(trx);
  await insertOccurrences(trx, { units, caseIds });
  const last = changes[changes.length - 1]!;
  await moveCursor(trx, { tx: BigInt(last.tx), seq: BigInt(last.seq) });
  return changes.length;
}

/** The fault indexer's cursor. */
function faultOccurrenceCursor(executor: Executor): Promise<ChangePosition> {
  return feedCursor(executor, 'fault_occurrence_cursor');
}
