import { sql } from 'kysely';
import { dialectOf, type Executor } from '../dialect.js';

export type RepeatFaultGroupingColumn = 'customer' | 'model' | 'vendor' | 'site';

export interface RepeatFaultFilter {
  groupBy: RepeatFaultGroupingColumn;
  /** Fault cases received at or after this instant … */
  from: string;
  /** … and before this one. */
  to: string;
  organizationId?: string | undefined;
  /** Groups wanted after sorting; null for all of them (the CSV export). */
  limit: number | null;
  offset: number;
}

/** One group's counts; which of the naming columns are set depends on the grouping. */
export interface RepeatFaultGroupRow {
  organization_id: string | null;
  organization_name: string | null;
  vendor_id: string | null;
  vendor_name: string | null;
  model: string | null;
  site: string | null;
  fault_cases: number;
  repeats: number;
  intervals: number;
  interval_ms_sum: number;
  /** How many groups there are in all, for paging. */
  total_groups: number;
}

/**
 * The columns each grouping keys its groups by, read from `fault_occurrences` (one row per fault case and unit; see
 * the 0036 migration). A unit is a serial number named on a fault case, regardless of letter case. Per customer the
 * unit is taken within the case's organisation, and a fault case that names no serial number (a row with a null
 * unit) still counts as a fault case; per model, vendor and site only fault cases naming a product on record count,
 * grouped by that product's record, and the unit's previous fault is taken across organisations.
 */
const GROUPINGS: Record<
  RepeatFaultGroupingColumn,
  { keys: string[]; productsOnly: boolean; index: string; names: string; orderName: string; select: string }
> = {
  customer: {
    index: 'fault_occurrences_customer',
    keys: ['f.organization_id'],
    productsOnly: false,
    names: 'inner join organizations o on o.id = g.k1',
    orderName: 'o.name',
    select: 'g.k1 as organization_id, o.name as organization_name, null as vendor_id, null as vendor_name, null as model, null as site',
  },
  model: {
    index: 'fault_occurrences_model',
    keys: ['f.vendor_id', 'f.model'],
    productsOnly: true,
    names: 'inner join vendors v on v.id = g.k1',
    orderName: 'v.name',
    select: 'null as organization_id, null as organization_name, g.k1 as vendor_id, v.name as vendor_name, g.k2 as model, null as site',
  },
  vendor: {
    index: 'fault_occurrences_model',
    keys: ['f.vendor_id'],
    productsOnly: true,
    names: 'inner join vendors v on v.id = g.k1',
    orderName: 'v.name',
    select: 'null as organization_id, null as organization_name, g.k1 as vendor_id, v.name as vendor_name, null as model, null as site',
  },
  site: {
    index: 'fault_occurrences_site',
    keys: ['f.product_organization_id', 'f.site'],
    productsOnly: true,
    names: 'inner join organizations o on o.id = g.k1',
    orderName: 'o.name',
    select: 'g.k1 as organization_id, o.name as organization_name, null as vendor_id, null as vendor_name, null as model, g.k2 as site',
  },
};

/**
 * Fault cases, repeats and the intervals between consecutive faults of each unit, per group, in one scan of
 * `fault_occurrences`: a row in the period is a repeat when the unit's previous fault also lies in the period, and
 * its stored interval counts towards the mean. Rows of a case naming one unit count as cases directly; only cases
 * naming several units need a distinct. Sorted by repeats (most first), then by the recurrence rate (fewer
 * fault cases for as many repeats first), then by name.
 */
export async function repeatFaultGroups(executor: Executor, filter: RepeatFaultFilter): Promise<RepeatFaultGroupRow[]> {
  const grouping = GROUPINGS[filter.groupBy];
  const keys = grouping.keys.map((_, index) => `k${index + 1}`);
  const keyList = sql.raw(grouping.keys.map((key, index) => `${key} as ${keys[index]}`).join(', '));
  const groupKeys = sql.raw(grouping.keys.join(', '));
  const keyOrder = sql.raw(keys.map((key) => `coalesce(g.${key}, '')`).join(', '));
  const organization = filter.organizationId === undefined ? sql`` : sql`and f.organization_id = ${filter.organizationId}`;
  const products = grouping.productsOnly ? sql`and f.vendor_id is not null` : sql``;
  // Per customer, and for products within one customer, the unit's previous fault is the one in the same
  // organisation (the former report walked only that organisation's faults); otherwise the one in any.
  const inOrganization = !grouping.productsOnly || filter.organizationId !== undefined;
  const previous = sql.ref(inOrganization ? 'f.previous_in_organization_at' : 'f.previous_at');
  const interval = sql.ref(inOrganization ? 'f.interval_in_organization_ms' : 'f.interval_ms');
  const repeat = sql`${previous} >= ${filter.from}`;
  // SQLite reads the groups in order from the grouping's own index rather than sorting the period's rows; without
  // statistics its planner would take the period index.
  const indexed = dialectOf(executor) === 'sqlite' ? sql.raw(`indexed by ${grouping.index}`) : sql``;
  const page = filter.limit === null ? sql`` : sql`limit ${filter.limit} offset ${filter.offset}`;

  const { rows } = await sql<RepeatFaultGroupRow>`
with groups as (
  select ${keyList},
    count(case when f.only_unit_of_case = 1 then 1 end) + count(distinct case when f.only_unit_of_case = 0 then f.case_id end) as fault_cases,
    count(case when f.only_unit_of_case = 1 and ${repeat} then 1 end)
      + count(distinct case when f.only_unit_of_case = 0 and ${repeat} then f.case_id end) as repeats,
    count(case when ${repeat} then 1 end) as intervals,
    coalesce(sum(case when ${repeat} then ${interval} end), 0) as interval_ms_sum
  from fault_occurrences f ${indexed}
  where f.received_at >= ${filter.from} and f.received_at < ${filter.to} ${organization} ${products}
  group by ${groupKeys}
)
select ${sql.raw(grouping.select)},
  cast(g.fault_cases as integer) as fault_cases, cast(g.repeats as integer) as repeats,
  cast(g.intervals as integer) as intervals, cast(g.interval_ms_sum as ${sql.raw(dialectOf(executor) === 'postgres' ? 'bigint' : 'integer')}) as interval_ms_sum,
  cast(count(*) over () as integer) as total_groups
from groups g
${sql.raw(grouping.names)}
order by g.repeats desc, g.fault_cases asc, ${sql.raw(grouping.orderName)}, ${keyOrder}
${page}`.execute(executor);
  return rows.map((row) => ({
    ...row,
    fault_cases: Number(row.fault_cases),
    repeats: Number(row.repeats),
    intervals: Number(row.intervals),
    interval_ms_sum: Number(row.interval_ms_sum),
    total_groups: Number(row.total_groups),
  }));
}
