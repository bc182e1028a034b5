import { sql, type RawBuilder } from 'kysely';
import type { ReportBucket, ReportCaseFilter } from '../../domain/reports/report-filter.js';
import { dialectOf, type Executor } from '../dialect.js';
import { nearestRankOf } from '../nearest-rank.js';
import { millisecondsBetween } from './fault-occurrences.js';

/*
 * The operations reports (escalations, backlog, workload, vendor cases, first response, resolution), each a few aggregate statements over one
 * period: the database counts, sorts and ranks; only the groups travel. Days, weeks and months are cut at the
 * company's midnight with the filter's fixed offset, written per dialect below. Percentiles are nearest-rank
 * (`nearestRank` in src/domain/reports/report-filter.ts), computed by aggregates in the grouped pass
 * (`nearestRankOf`, src/storage/nearest-rank.ts).
 */

type Sql = RawBuilder<unknown>;

// Grouped by position (`group by 1`): an expression with parameters is a new expression on PostgreSQL each time it is written.

/** The calendar day (`YYYY-MM-DD`) of an ISO-8601 text column, shifted by the company's offset. */
function localDay(executor: Executor, column: Sql, offsetMinutes: number): RawBuilder<string> {
  return dialectOf(executor) === 'postgres'
    ? sql<string>`to_char((${column}::timestamptz + make_interval(mins => ${offsetMinutes}::int)) at time zone 'UTC', 'YYYY-MM-DD')`
    : sql<string>`date(${column}, ${`${offsetMinutes >= 0 ? '+' : ''}${offsetMinutes} minutes`})`;
}

/** The week (its Monday, `YYYY-MM-DD`) or month (`YYYY-MM`) of a column in company time. */
function localBucket(executor: Executor, column: Sql, offsetMinutes: number, bucket: ReportBucket): RawBuilder<string> {
  const shift = `${offsetMinutes >= 0 ? '+' : ''}${offsetMinutes} minutes`;
  if (dialectOf(executor) === 'postgres') {
    const local = sql`((${column}::timestamptz + make_interval(mins => ${offsetMinutes}::int)) at time zone 'UTC')`;
    return bucket === 'week' ? sql<string>`to_char(date_trunc('week', ${local}), 'YYYY-MM-DD')` : sql<string>`to_char(${local}, 'YYYY-MM')`;
  }
  return bucket === 'week'
    ? sql<string>`date(${column}, ${shift}, '-6 days', 'weekday 1')`
    : sql<string>`strftime('%Y-%m', ${column}, ${shift})`;
}

/** The case conditions every report shares (alias `c`); `engineer` says whether the engineer is the case's assignee. */
function caseConditions(filter: ReportCaseFilter, options: { engineer: boolean } = { engineer: true }): Sql[] {
  const conditions: Sql[] = [];
  if (filter.departmentId !== undefined) conditions.push(sql`c.department_id = ${filter.departmentId}`);
  if (filter.organizationId !== undefined) conditions.push(sql`c.organization_id = ${filter.organizationId}`);
  if (filter.level !== undefined) conditions.push(sql`c.level = ${filter.level}`);
  if (options.engineer && filter.engineerId !== undefined) conditions.push(sql`c.assignee_user_id = ${filter.engineerId}`);
  return conditions;
}

const all = (conditions: Sql[]): Sql => (conditions.length === 0 ? sql`1 = 1` : sql.join(conditions, sql` and `));

/**
 * Counts and nearest-rank median and 90th percentile of `ms` per group of `keys`, over a base selecting both; `sums`
 * are further 0/1 (or numeric) columns of the base summed per group in the same pass. One grouped pass: the
 * percentiles are aggregates (`nearestRankOf`), so the period's values are never sorted as rows.
 */
function measured(
  executor: Executor,
  base: Sql,
  keys: readonly string[],
  sums: readonly string[] = [],
  extremes: readonly string[] = [],
): Sql {
  const list = sql.raw(keys.join(', '));
  const summed = sql.raw(
    sums.map((column) => `, sum(${column}) as ${column}`).join('') +
      extremes.map((column) => `, min(${column}) as min_${column}, max(${column}) as max_${column}`).join(''),
  );
  const ms = sql.ref('s.ms');
  return sql`select ${list}, count(*) as total, count(ms) as measured, sum(ms) as ms_sum,
  ${nearestRankOf(executor, ms, 50)} as median_ms, ${nearestRankOf(executor, ms, 90)} as p90_ms${summed}
from (${base}) s group by ${list} order by ${list}`;
}

export interface MeasuredRow {
  total: number;
  measured: number;
  ms_sum: number | null;
  median_ms: number | null;
  p90_ms: number | null;
}

const numberOrNull = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));
function measuredOf(row: Record<string, unknown>): MeasuredRow {
  return {
    total: Number(row.total),
    measured: Number(row.measured),
    ms_sum: numberOrNull(row.ms_sum),
    median_ms: numberOrNull(row.median_ms),
    p90_ms: numberOrNull(row.p90_ms),
  };
}

export interface EscalationStepGroupRow extends MeasuredRow {
  bucket: string;
  position: string;
  level: number;
}

export interface VendorReportGroupRow extends MeasuredRow {
  vendor_id: string | null;
  vendor_name: string | null;
}

/**
 * Ladder steps fired in the period, per week or month, position and the step's level: how many fired, how many were
 * acknowledged and how long acknowledging took (ms from firing). And the steps that also reported to the vendor,
 * per the case's vendor on record. The level filter means the step's level.
 */
export async function escalationStepGroups(
  executor: Executor,
  filter: ReportCaseFilter,
  bucket: ReportBucket,
): Promise<{ steps: EscalationStepGroupRow[]; vendorReports: VendorReportGroupRow[] }> {
  const conditions = [
    sql`st.fired_at >= ${filter.fromInstant}`,
    sql`st.fired_at < ${filter.toInstant}`,
    ...caseConditions({ ...filter, level: undefined }),
    ...(filter.level === undefined ? [] : [sql`st.level = ${filter.level}`]),
  ];
  const ackMs = millisecondsBetween(executor, sql`st.acknowledged_at`, sql`st.fired_at`);
  const ms = sql`case when st.acknowledged_at is not null then ${ackMs} end`;
  // The case is joined only when the filter asks something of it: a year of steps is tens of thousands of reads.
  const caseJoin = caseConditions({ ...filter, level: undefined }).length === 0 ? sql`` : sql`inner join cases c on c.id = st.case_id`;
  const stepsBase = sql`select ${localBucket(executor, sql`st.fired_at`, filter.offsetMinutes, bucket)} as bucket, st.position as position,
    st.level as level, ${ms} as ms
    from escalation_steps st ${caseJoin} where ${all(conditions)}`;
  const vendorBase = sql`select coalesce(c.vendor_id, '') as vendor_key, ${ms} as ms
    from escalation_steps st inner join cases c on c.id = st.case_id where ${all(conditions)} and st.vendor_report = 1`;
  const [steps, vendors] = await Promise.all([
    sql<Record<string, unknown>>`${measured(executor, stepsBase, ['bucket', 'position', 'level'])}`.execute(executor),
    sql<Record<string, unknown>>`select m.*, v.name as vendor_name from (${measured(executor, vendorBase, ['vendor_key'])}) m
      left join vendors v on v.id = m.vendor_key order by case when v.name is null then 1 else 0 end, v.name`.execute(executor),
  ]);
  return {
    steps: steps.rows.map((row) => ({
      bucket: String(row.bucket),
      position: String(row.position),
      level: Number(row.level),
      ...measuredOf(row),
    })),
    vendorReports: vendors.rows.map((row) => ({
      vendor_id: row.vendor_key === '' ? null : String(row.vendor_key),
      vendor_name: row.vendor_name === null || row.vendor_name === undefined ? null : String(row.vendor_name),
      ...measuredOf(row),
    })),
  };
}

export interface BacklogBandRow {
  level: number;
  band: string;
  cases: number;
}

export interface DailyCountRow {
  day: string;
  cases: number;
}

/**
 * Cases open at `asOf` (received before it, not resolved before it) per level and age band (the band boundaries are
 * instants `asOf` minus 1, 3 and 7 days), and the cases received and resolved per company day of the period.
 */
export async function backlogCounts(
  executor: Executor,
  filter: ReportCaseFilter,
  asOf: string,
  bandStarts: { oneDay: string; threeDays: string; sevenDays: string },
): Promise<{ bands: BacklogBandRow[]; opened: DailyCountRow[]; resolved: DailyCountRow[] }> {
  const cases = caseConditions(filter);
  const band = sql`case when o.received_at > ${bandStarts.oneDay} then 'under-1d' when o.received_at > ${bandStarts.threeDays} then '1-3d'
    when o.received_at > ${bandStarts.sevenDays} then '3-7d' else 'over-7d' end`;
  const perDay = (column: 'received_at' | 'resolved_at') => {
    const day = localDay(executor, sql.ref(`c.${column}`), filter.offsetMinutes);
    return sql<{ day: string; cases: unknown }>`select ${day} as day, count(*) as cases from cases c
      where c.${sql.raw(column)} >= ${filter.fromInstant} and c.${sql.raw(column)} < ${filter.toInstant} and ${all(cases)}
      group by 1 order by 1`.execute(executor);
  };
  // Open at asOf: still unresolved, or resolved after it. Two selects rather than one OR, so each reads its own
  // index (the open cases' partial indexes; resolved-at) instead of every case received before asOf.
  const openAt = (resolved: Sql) =>
    sql`select c.level as level, c.received_at as received_at from cases c where ${resolved} and c.received_at < ${asOf} and ${all(cases)}`;
  const [bands, opened, resolved] = await Promise.all([
    sql<{ level: unknown; band: string; cases: unknown }>`select o.level as level, ${band} as band, count(*) as cases
      from (${openAt(sql`c.resolved_at is null`)} union all ${openAt(sql`c.resolved_at >= ${asOf}`)}) o
      group by 1, 2 order by 1, 2`.execute(executor),
    perDay('received_at'),
    perDay('resolved_at'),
  ]);
  const daily = (rows: { day: string; cases: unknown }[]) => rows.map((row) => ({ day: String(row.day), cases: Number(row.cases) }));
  return {
    bands: bands.rows.map((row) => ({ level: Number(row.level), band: row.band, cases: Number(row.cases) })),
    opened: daily(opened.rows),
    resolved: daily(resolved.rows),
  };
}

export interface WorkloadCountRow {
  user_id: string;
  count: number;
  /** On-site milliseconds (visits) or the sum of scores (satisfaction); 0 elsewhere. */
  sum: number;
  /** Scores counted (satisfaction); 0 elsewhere. */
  scores: number;
}

const SCORE_COLUMNS = [
  'score_personnel',
  'score_organization',
  'score_system',
  'score_technical_support',
  'score_system_condition',
  'score_project_implementation',
  'score_after_sales',
  'score_training',
] as const;

/**
 * Per person over the period: cases assigned to them received, and resolved, in it; service actions recorded in it
 * (credited to the action's engineer, else to whoever recorded it); on-site visits arrived in it with the time on
 * site (arrival to departure); and the scores of answered surveys created in it that credit them.
 */
export async function workloadCounts(
  executor: Executor,
  filter: ReportCaseFilter,
): Promise<Record<'received' | 'resolved' | 'actions' | 'visits' | 'surveys', WorkloadCountRow[]>> {
  const caseOnly = all(caseConditions(filter, { engineer: false }));
  const engineer = (column: Sql) => (filter.engineerId === undefined ? sql`1 = 1` : sql`${column} = ${filter.engineerId}`);
  const period = (column: Sql) => sql`${column} >= ${filter.fromInstant} and ${column} < ${filter.toInstant}`;
  // SQLite groups by sorting: there each assignee's cases of the period are one range of an index by assignee then
  // time (migration 0049), the assignees read off `cases_assignee` one seek each, so the period is never sorted.
  // PostgreSQL hashes the groups of one scan of the period, which was the faster of the two there.
  const assigneeIndex = { received_at: 'cases_report_assignee_received', resolved_at: 'cases_report_assignee_resolved' } as const;
  const assignees =
    filter.engineerId === undefined
      ? sql`with recursive assignees(id) as (
          select min(assignee_user_id) from cases
          union all
          select (select min(n.assignee_user_id) from cases n where n.assignee_user_id > a.id) from assignees a where a.id is not null
        )`
      : sql`with assignees(id) as (select ${filter.engineerId})`;
  const assigned = (column: 'received_at' | 'resolved_at') =>
    dialectOf(executor) === 'postgres'
      ? sql<Record<string, unknown>>`select c.assignee_user_id as user_id, count(*) as count, 0 as sum, 0 as scores from cases c
          where ${period(sql.ref(`c.${column}`))} and c.assignee_user_id is not null and ${engineer(sql`c.assignee_user_id`)} and ${caseOnly}
          group by c.assignee_user_id`.execute(executor)
      : sql<Record<string, unknown>>`${assignees}
          select user_id, counted as count, 0 as sum, 0 as scores from (
            select a.id as user_id, (select count(*) from cases c indexed by ${sql.raw(assigneeIndex[column])}
              where c.assignee_user_id = a.id and ${period(sql.ref(`c.${column}`))} and ${caseOnly}) as counted
            from assignees a where a.id is not null
          ) n where counted > 0`.execute(executor);
  const actionUser = sql`coalesce(a.engineer_user_id, a.performed_by)`;
  const onSiteMs = millisecondsBetween(executor, sql`v.departed_at`, sql`v.arrived_at`);
  const scoreSum = sql.raw(SCORE_COLUMNS.map((column) => `coalesce(s.${column}, 0)`).join(' + '));
  const scoreCount = sql.raw(SCORE_COLUMNS.map((column) => `case when s.${column} is null then 0 else 1 end`).join(' + '));
  // Surveys carry their own organisation and department; the level needs their case.
  const surveyConditions: Sql[] = [
    ...(filter.organizationId === undefined ? [] : [sql`s.organization_id = ${filter.organizationId}`]),
    ...(filter.departmentId === undefined ? [] : [sql`s.department_id = ${filter.departmentId}`]),
    ...(filter.level === undefined ? [] : [sql`exists (select 1 from cases c where c.id = s.case_id and c.level = ${filter.level})`]),
  ];
  const [received, resolved, actions, visits, surveys] = await Promise.all([
    assigned('received_at'),
    assigned('resolved_at'),
    sql<Record<string, unknown>>`select ${actionUser} as user_id, count(*) as count, 0 as sum, 0 as scores
      from case_actions a inner join cases c on c.id = a.case_id
      where ${period(sql`a.created_at`)} and ${engineer(actionUser)} and ${caseOnly} group by ${actionUser}`.execute(executor),
    sql<Record<string, unknown>>`select v.engineer_user_id as user_id, count(*) as count,
      coalesce(sum(case when v.departed_at is not null then ${onSiteMs} end), 0) as sum, 0 as scores
      from visits v inner join cases c on c.id = v.case_id
      where ${period(sql`v.arrived_at`)} and ${engineer(sql`v.engineer_user_id`)} and ${caseOnly} group by v.engineer_user_id`.execute(
      executor,
    ),
    sql<Record<string, unknown>>`select sc.user_id as user_id, count(*) as count, sum(${scoreSum}) as sum, sum(${scoreCount}) as scores
      from surveys s inner join survey_credits sc on sc.survey_id = s.id
      where ${period(sql`s.created_at`)} and s.answered_at is not null and ${engineer(sql`sc.user_id`)} and ${all(surveyConditions)}
      group by sc.user_id`.execute(executor),
  ]);
  const rows = (result: { rows: Record<string, unknown>[] }) =>
    result.rows.map((row) => ({
      user_id: String(row.user_id),
      count: Number(row.count),
      sum: Number(row.sum),
      scores: Number(row.scores),
    }));
  return { received: rows(received), resolved: rows(resolved), actions: rows(actions), visits: rows(visits), surveys: rows(surveys) };
}

export interface VendorCaseGroupRow extends MeasuredRow {
  vendor_id: string | null;
  vendor_name: string | null;
  open: number;
  open_age_ms_sum: number;
}

/**
 * Vendor escalations opened in the period, per vendor: how many, how many are still open (and their summed age at
 * `asOf`), and for the closed ones (resolved or closed at the vendor) the time from opening to their last change.
 */
export async function vendorCaseGroups(executor: Executor, filter: ReportCaseFilter, asOf: string): Promise<VendorCaseGroupRow[]> {
  const closed = sql`ve.status in ('resolved', 'closed')`;
  const closeMs = millisecondsBetween(executor, sql`ve.updated_at`, sql`ve.opened_at`);
  const conditions = all([sql`ve.opened_at >= ${filter.fromInstant}`, sql`ve.opened_at < ${filter.toInstant}`, ...caseConditions(filter)]);
  const base = sql`select coalesce(ve.vendor_id, ve.vendor_name, '') as vendor_key, case when ${closed} then ${closeMs} end as ms
    from vendor_escalations ve inner join cases c on c.id = ve.case_id where ${conditions}`;
  const ageMs = millisecondsBetween(executor, sql`${asOf}`, sql`ve.opened_at`);
  const result = await sql<Record<string, unknown>>`select m.*, o.open, o.open_age_ms_sum, o.vendor_id, o.vendor_name
    from (${measured(executor, base, ['vendor_key'])}) m
    inner join (
      select coalesce(ve.vendor_id, ve.vendor_name, '') as vendor_key, max(ve.vendor_id) as vendor_id,
        max(coalesce(v.name, ve.vendor_name)) as vendor_name,
        sum(case when ${closed} then 0 else 1 end) as open,
        coalesce(sum(case when ${closed} then 0 else ${ageMs} end), 0) as open_age_ms_sum
      from vendor_escalations ve inner join cases c on c.id = ve.case_id left join vendors v on v.id = ve.vendor_id
      where ${conditions} group by coalesce(ve.vendor_id, ve.vendor_name, '')
    ) o on o.vendor_key = m.vendor_key
    order by case when o.vendor_name is null then 1 else 0 end, o.vendor_name`.execute(executor);
  return result.rows.map((row) => ({
    vendor_id: row.vendor_id === null || row.vendor_id === undefined ? null : String(row.vendor_id),
    vendor_name: row.vendor_name === null || row.vendor_name === undefined ? null : String(row.vendor_name),
    open: Number(row.open),
    open_age_ms_sum: Number(row.open_age_ms_sum),
    ...measuredOf(row),
  }));
}

export interface FirstResponseGroupRow extends MeasuredRow {
  level: number;
  met: number;
  breached: number;
  pending: number;
}

/**
 * Cases received in the period, per level: how many met their first-response target, breached it or are still
 * within it at `now`, and the business time from received-at to the first response of those answered (`ms`,
 * `first_response_working_ms`, migration 0061: counted on the case's policy calendar when it was answered; null for
 * one the previous release answered during a rolling upgrade until the backfill job measures it). The rule is
 * `firstResponseOutcome` (src/domain/cases/first-response-target.ts) written as SQL: a response at the due instant is
 * in time; an unanswered case is breached once `now` is past its due time; a case resolved unanswered before it was
 * due, or given no target, counts in none of the three. ISO-8601 UTC texts compare as instants.
 */
export async function firstResponseGroups(executor: Executor, filter: ReportCaseFilter, now: string): Promise<FirstResponseGroupRow[]> {
  const due = sql`c.first_response_due_at`;
  const responded = sql`c.first_responded_at`;
  // A comparison with a null due time is null, so a case without a target counts in none of the three.
  const flag = (condition: Sql) => sql`case when ${condition} then 1 else 0 end`;
  const base = sql`select c.level as level, c.first_response_working_ms as ms,
    ${flag(sql`${responded} <= ${due}`)} as met,
    ${flag(sql`(${responded} > ${due} or (${responded} is null and ${due} < ${now}))`)} as breached,
    ${flag(sql`${responded} is null and ${due} >= ${now} and c.resolved_at is null`)} as pending
    from cases c where c.received_at >= ${filter.fromInstant} and c.received_at < ${filter.toInstant} and ${all(caseConditions(filter))}`;
  const result = await sql<Record<string, unknown>>`${measured(executor, base, ['level'], ['met', 'breached', 'pending'])}`.execute(
    executor,
  );
  return result.rows.map((row) => ({
    level: Number(row.level),
    met: Number(row.met),
    breached: Number(row.breached),
    pending: Number(row.pending),
    ...measuredOf(row),
  }));
}

export interface ResolutionGroupRow extends MeasuredRow {
  level: number;
  /** Resolved within the first-step time of their own policy (`steps`); a case whose ladder has no step is not. */
  within: number;
  /** The lowest and highest first-step time (ms) the group's cases were held against; null when none had a step. */
  min_step_ms: number | null;
  max_step_ms: number | null;
}

/** A first upgrading report: after `ms` at `level` in each of the policy versions `versionIds`. */
export interface FirstStepOfVersions {
  level: number;
  ms: number;
  versionIds: readonly string[];
}

/**
 * Cases resolved in the period, per level, with their business time to resolve (`resolution_working_ms`, migration
 * 0041: counted on the case's policy calendar when it was resolved; `ms` is null for one the backfill has not reached)
 * and how many took no longer than the first step of the ladder of their own policy version (`steps`).
 */
export async function resolutionGroups(
  executor: Executor,
  filter: ReportCaseFilter,
  steps: readonly FirstStepOfVersions[],
): Promise<ResolutionGroupRow[]> {
  // Literals for the numbers: a parameter in a CASE result would be typed as text on PostgreSQL.
  const whens = steps
    .filter((step) => step.versionIds.length > 0)
    .map(
      (step) =>
        sql`when c.level = ${sql.lit(Number(step.level))} and c.policy_version_id in (${sql.join(step.versionIds.map((id) => sql`${id}`))}) then ${sql.lit(Number(step.ms))}`,
    );
  const stepMs = whens.length === 0 ? sql`cast(null as bigint)` : sql`case ${sql.join(whens, sql` `)} end`;
  const base = sql`select level, ms, step_ms, case when ms is not null and ms <= step_ms then 1 else 0 end as within from (
      select c.level as level, c.resolution_working_ms as ms, ${stepMs} as step_ms
      from cases c where c.resolved_at >= ${filter.fromInstant} and c.resolved_at < ${filter.toInstant} and ${all(caseConditions(filter))}
    ) r`;
  const result = await sql<Record<string, unknown>>`${measured(executor, base, ['level'], ['within'], ['step_ms'])}`.execute(executor);
  return result.rows.map((row) => ({
    level: Number(row.level),
    within: Number(row.within),
    min_step_ms: numberOrNull(row.min_step_ms),
    max_step_ms: numberOrNull(row.max_step_ms),
    ...measuredOf(row),
  }));
}

/** Names of users, for the workload rows. */
export async function userNames(executor: Executor, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await executor.selectFrom('users').select(['id', 'name']).where('id', 'in', ids).execute();
  return new Map(rows.map((row) => [row.id, row.name]));
}

/**
 * First-response targets that fell due in the period: met (answered by the due time) and breached (answered later, or
 * not at all). Each is decided by its due time, so a period that has ended counts every target in it once.
 */
export async function firstResponseCounts(executor: Executor, filter: ReportCaseFilter): Promise<{ met: number; breached: number }> {
  const result = await sql<{ met: unknown; breached: unknown }>`select
      coalesce(sum(case when c.first_responded_at is not null and c.first_responded_at <= c.first_response_due_at then 1 else 0 end), 0) as met,
      coalesce(sum(case when c.first_responded_at is null or c.first_responded_at > c.first_response_due_at then 1 else 0 end), 0) as breached
    from cases c
    where c.first_response_due_at >= ${filter.fromInstant} and c.first_response_due_at < ${filter.toInstant} and ${all(caseConditions(filter))}`.execute(
    executor,
  );
  const row = result.rows[0];
  return { met: Number(row?.met ?? 0), breached: Number(row?.breached ?? 0) };
}
