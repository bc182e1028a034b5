import { sql, type RawBuilder } from 'kysely';
import type { EscalationPosition } from '../../domain/escalation/positions.js';
import { dialectOf, type Executor } from '../db.js';
import { CASE_LEVELS } from '../../domain/cases/levels.js';

/*
 * The Operation Center's figures. Each is one statement over a partial index of migration 0046 (or 0002/0035), so
 * it reads only its own entries: the conditions an index is partial on are written here as the index writes them
 * (`resolved_at is null`, statuses as literals; SQLite matches a partial index only on the same terms, never on a
 * bound parameter). The department filter is the index's second key or a filter inside the index. Steps and visits
 * are read first and their cases looked up (`cross join`, which SQLite never reorders): driven from the cases of a
 * department, SQLite would walk every open case of it. Open cases per level are not counted at all: they are kept
 * by the writes in `open_case_counts` (migration 0049).
 */

type Sql = RawBuilder<unknown>;

function inDepartment(departmentId: string | undefined, alias = ''): Sql {
  return departmentId === undefined ? sql`` : sql`and ${sql.raw(alias)}department_id = ${departmentId}`;
}

async function countOf(executor: Executor, query: Sql): Promise<number> {
  const { rows } = await sql<{ n: number | string }>`${query}`.execute(executor);
  return Number(rows[0]?.n ?? 0);
}

export interface DashboardCountsRow {
  openByLevel: { level: number; count: number }[];
  unassigned: number;
  escalated: number;
  waitingOnCustomer: number;
  firstResponseBreaches: number;
  dueStepCount: number;
}

export interface DueStepRow {
  step_id: string;
  position: EscalationPosition;
  due_at: string;
  case_id: string;
  number: string;
  level: number;
  title: string;
  organization_name: string;
}

export interface OnSiteVisitRow {
  visit_id: string;
  engineer_user_id: string;
  engineer_name: string;
  arrived_at: string | null;
  case_id: string;
  number: string;
  organization_name: string;
}

/**
 * The counts: open cases per level, unassigned, escalated now (a fired step, not yet resolved), waiting on the
 * customer, first-response targets that fell due in `[dayStart, now)` and were missed (not answered by then), and
 * pending escalation steps of open cases due in `[now, dueBefore)`.
 */
export async function readDashboardCounts(
  executor: Executor,
  input: { departmentId: string | undefined; dayStart: string; now: string; dueBefore: string },
): Promise<DashboardCountsRow> {
  const department = inDepartment(input.departmentId);
  const [levels, unassigned, escalated, waitingOnCustomer, firstResponseBreaches, dueStepCount] = await Promise.all([
    // Kept by the writes (migration 0049's triggers): a few rows per department, not one index entry per open case.
    sql<{ level: number | string; open: number | string }>`select level, sum(open) as open from open_case_counts
      ${input.departmentId === undefined ? sql`` : sql`where department_key = ${input.departmentId}`} group by level`.execute(executor),
    countOf(executor, sql`select count(*) as n from cases where resolved_at is null and assignee_user_id is null ${department}`),
    countOf(executor, sql`select count(*) as n from cases where resolved_at is null and escalated_at is not null ${department}`),
    countOf(executor, sql`select count(*) as n from cases where resolved_at is null and status = 'waiting_customer' ${department}`),
    // Today's targets by due time, the department read inside the index: SQLite would otherwise walk the
    // department's whole history (its planner has no statistics here; PostgreSQL's picks this itself).
    countOf(
      executor,
      sql`select count(*) as n from cases ${dialectOf(executor) === 'sqlite' ? sql`indexed by cases_first_response_due` : sql``}
        where first_response_due_at is not null and first_response_due_at >= ${input.dayStart} and first_response_due_at < ${input.now}
        and (first_responded_at is null or first_responded_at > first_response_due_at) ${department}`,
    ),
    countOf(
      executor,
      sql`select count(*) as n from escalation_steps s cross join cases c
        where c.id = s.case_id and s.status = 'pending' and s.due_at >= ${input.now} and s.due_at < ${input.dueBefore}
        and c.resolved_at is null ${inDepartment(input.departmentId, 'c.')}`,
    ),
  ]);
  return {
    openByLevel: CASE_LEVELS.map((level) => ({ level, count: Number(levels.rows.find((row) => Number(row.level) === level)?.open ?? 0) })),
    unassigned,
    escalated,
    waitingOnCustomer,
    firstResponseBreaches,
    dueStepCount,
  };
}

/** The soonest pending steps of open cases due in `[now, dueBefore)`, with what the wall shows of their case. */
export async function listDueSteps(
  executor: Executor,
  input: { departmentId: string | undefined; now: string; dueBefore: string; limit: number },
): Promise<DueStepRow[]> {
  const { rows } = await sql<DueStepRow>`select s.id as step_id, s.position, s.due_at, c.id as case_id, c.number, c.level, c.title,
      o.name as organization_name
    from escalation_steps s cross join cases c join organizations o on o.id = c.organization_id
    where c.id = s.case_id and s.status = 'pending' and s.due_at >= ${input.now} and s.due_at < ${input.dueBefore}
    and c.resolved_at is null ${inDepartment(input.departmentId, 'c.')}
    order by s.due_at, s.id limit ${input.limit}`.execute(executor);
  return rows.map((row) => ({ ...row, level: Number(row.level) }));
}

/** Visits under way (arrived, not yet departed), earliest arrival first. */
export async function listOnSiteVisits(executor: Executor, input: { departmentId: string | undefined }): Promise<OnSiteVisitRow[]> {
  const { rows } = await sql<OnSiteVisitRow>`select v.id as visit_id, v.engineer_user_id, u.name as engineer_name, v.arrived_at,
      c.id as case_id, c.number, o.name as organization_name
    from visits v cross join cases c join users u on u.id = v.engineer_user_id
    join organizations o on o.id = v.organization_id
    where c.id = v.case_id and v.status = 'on-site' ${inDepartment(input.departmentId, 'c.')}
    order by v.arrived_at, v.id`.execute(executor);
  return rows;
}
