import { sql, type Insertable, type Selectable } from 'kysely';
import type { LatestProposal, ProposalStatus, RecurrenceRule } from '../../domain/problems/recurrence.js';
import { changedOne } from '../changed-one.js';
import { locksRows, type Executor } from '../dialect.js';
import type { ProblemProposalsTable } from '../schema.js';
import { inIdOrder, whereGiven, type IdPage } from './pagination.js';
import { LINKED_CASE_COLUMNS } from './problems.js';

export type ProposalRow = Selectable<ProblemProposalsTable>;
export type ProposalListRow = ProposalRow & {
  organization_name: string | null;
  vendor_name: string | null;
  decided_by_name: string | null;
};
export type NewProposal = Insertable<ProblemProposalsTable>;

/** A window of received-at: after `since`, up to `until`. */
export interface CaseWindow {
  since: string;
  until: string;
}

export interface RecurringSerial {
  serial_number: string;
  case_count: number;
  latest_logged_at: string;
}

export interface RecurringModel {
  organization_id: string;
  vendor_id: string;
  model: string;
  case_count: number;
  latest_logged_at: string;
}

export interface PatternCaseRow {
  id: string;
  department_id: string | null;
  created_at: string;
}

export interface ProposalCaseRow {
  proposal_id: string;
  case_id: string;
  number: string;
  title: string;
  status: string;
  received_at: string;
  organization_id: string;
  organization_name: string;
}

export async function listStoredRecurrenceRules(executor: Executor): Promise<RecurrenceRule[]> {
  const rows = await executor.selectFrom('recurrence_rules').selectAll().execute();
  return rows.map((row) => ({
    id: row.id,
    enabled: Number(row.enabled) === 1,
    threshold: Number(row.threshold),
    windowDays: Number(row.window_days),
  }));
}

export async function saveRecurrenceRule(executor: Executor, rule: RecurrenceRule, at: string, by: string | null): Promise<void> {
  const values = { enabled: rule.enabled ? 1 : 0, threshold: rule.threshold, window_days: rule.windowDays, updated_at: at, updated_by: by };
  await executor
    .insertInto('recurrence_rules')
    .values({ id: rule.id, ...values })
    .onConflict((oc) => oc.column('id').doUpdateSet(values))
    .execute();
}

// The detection reads fault cases of the window through the partial index `cases_fault_received` (migration 0032)
// and aggregates in the database: only patterns at or over the threshold come back.
function faultCasesIn(executor: Executor, window: CaseWindow) {
  return executor
    .selectFrom('cases as c')
    .innerJoin('case_serial_numbers as s', 's.case_id', 'c.id')
    .where('c.kind', '=', 'fault')
    .where('c.received_at', '>', window.since)
    .where('c.received_at', '<=', window.until);
}

const caseCount = sql<number>`cast(count(distinct c.id) as integer)`;
const latestLoggedAt = sql<string>`max(c.created_at)`;

/** Serial numbers (upper case) with at least `threshold` fault cases received in the window. */
export async function findRecurringSerials(executor: Executor, window: CaseWindow, threshold: number): Promise<RecurringSerial[]> {
  const serial = sql<string>`upper(s.serial_number)`;
  const rows = await faultCasesIn(executor, window)
    .select([serial.as('serial_number'), caseCount.as('case_count'), latestLoggedAt.as('latest_logged_at')])
    .groupBy(serial)
    .having(caseCount, '>=', threshold)
    .execute();
  return rows.map((row) => ({ ...row, case_count: Number(row.case_count) }));
}

/** (customer, vendor, model) with at least `threshold` fault cases received in the window, through the cases' products. */
export async function findRecurringModels(executor: Executor, window: CaseWindow, threshold: number): Promise<RecurringModel[]> {
  const rows = await faultCasesIn(executor, window)
    .innerJoin('assets as a', (join) => join.on(sql`upper(a.serial_number)`, '=', sql`upper(s.serial_number)`))
    .select(['c.organization_id', 'a.vendor_id', 'a.model', caseCount.as('case_count'), latestLoggedAt.as('latest_logged_at')])
    .groupBy(['c.organization_id', 'a.vendor_id', 'a.model'])
    .having(caseCount, '>=', threshold)
    .execute();
  return rows.map((row) => ({ ...row, case_count: Number(row.case_count) }));
}

/** The fault cases of the window on one serial number, regardless of letter case. */
export async function listSerialPatternCases(executor: Executor, window: CaseWindow, serialNumber: string): Promise<PatternCaseRow[]> {
  return faultCasesIn(executor, window)
    .where(sql`upper(s.serial_number)`, '=', serialNumber.toUpperCase())
    .select(['c.id', 'c.department_id', 'c.created_at'])
    .distinct()
    .orderBy('c.id')
    .execute();
}

/** The fault cases of the window of one customer on products of one vendor's model. */
export async function listModelPatternCases(
  executor: Executor,
  window: CaseWindow,
  pattern: { organizationId: string; vendorId: string; model: string },
): Promise<PatternCaseRow[]> {
  return faultCasesIn(executor, window)
    .innerJoin('assets as a', (join) => join.on(sql`upper(a.serial_number)`, '=', sql`upper(s.serial_number)`))
    .where('c.organization_id', '=', pattern.organizationId)
    .where('a.vendor_id', '=', pattern.vendorId)
    .where('a.model', '=', pattern.model)
    .select(['c.id', 'c.department_id', 'c.created_at'])
    .distinct()
    .orderBy('c.id')
    .execute();
}

/**
 * The latest proposal of each pattern key given, with when it was settled: dismissed, or its problem resolved or
 * closed (null while that problem is worked on).
 */
export async function findLatestProposals(executor: Executor, keys: readonly string[]): Promise<Map<string, LatestProposal>> {
  const latest = new Map<string, LatestProposal>();
  for (let start = 0; start < keys.length; start += 500) {
    const rows = await executor
      .selectFrom('problem_proposals as p')
      .leftJoin('problems', 'problems.id', 'p.problem_id')
      .select(['p.pattern_key', 'p.round', 'p.status', 'p.decided_at', 'problems.resolved_at', 'problems.closed_at'])
      .where('p.pattern_key', 'in', keys.slice(start, start + 500))
      .execute();
    for (const row of rows) {
      const round = Number(row.round);
      if ((latest.get(row.pattern_key)?.round ?? 0) > round) continue;
      const settledAt =
        row.status === 'dismissed' ? row.decided_at : row.status === 'accepted' ? (row.resolved_at ?? row.closed_at ?? null) : null;
      latest.set(row.pattern_key, { round, status: row.status, settledAt });
    }
  }
  return latest;
}

/** Inserts the proposal unless its (pattern, round) exists: false when another instance (or an earlier tick) was first. */
export async function insertProposalIfAbsent(executor: Executor, row: NewProposal, caseIds: readonly string[]): Promise<boolean> {
  const result = await executor
    .insertInto('problem_proposals')
    .values(row)
    .onConflict((oc) => oc.columns(['pattern_key', 'round']).doNothing())
    .executeTakeFirst();
  if (Number(result.numInsertedOrUpdatedRows ?? 0) !== 1) return false;
  if (caseIds.length > 0)
    await executor
      .insertInto('problem_proposal_cases')
      .values(caseIds.map((caseId) => ({ proposal_id: row.id, case_id: caseId })))
      .execute();
  return true;
}

function proposalListQuery(executor: Executor) {
  return executor
    .selectFrom('problem_proposals')
    .leftJoin('organizations', 'organizations.id', 'problem_proposals.organization_id')
    .leftJoin('vendors', 'vendors.id', 'problem_proposals.vendor_id')
    .leftJoin('users as decider', 'decider.id', 'problem_proposals.decided_by')
    .selectAll('problem_proposals')
    .select(['organizations.name as organization_name', 'vendors.name as vendor_name', 'decider.name as decided_by_name']);
}

export async function listProposals(
  executor: Executor,
  filter: { status?: ProposalStatus | undefined } & IdPage,
): Promise<ProposalListRow[]> {
  const query = whereGiven(proposalListQuery(executor), { 'problem_proposals.status': filter.status });
  return inIdOrder(query, 'problem_proposals.id', filter, 'newest first').execute();
}

export async function findProposalListRow(executor: Executor, id: string): Promise<ProposalListRow | undefined> {
  return proposalListQuery(executor).where('problem_proposals.id', '=', id).executeTakeFirst();
}

/** The proposal, locked until the transaction ends on PostgreSQL: deciding takes turns. */
export async function findProposalForUpdate(executor: Executor, id: string): Promise<ProposalRow | undefined> {
  const query = executor.selectFrom('problem_proposals').selectAll().where('id', '=', id);
  return (locksRows(executor) ? query.forUpdate() : query).executeTakeFirst();
}

export async function listProposalCases(executor: Executor, proposalIds: readonly string[]): Promise<ProposalCaseRow[]> {
  if (proposalIds.length === 0) return [];
  return executor
    .selectFrom('problem_proposal_cases as pc')
    .innerJoin('cases', 'cases.id', 'pc.case_id')
    .innerJoin('organizations', 'organizations.id', 'cases.organization_id')
    .select(['pc.proposal_id', 'pc.case_id', 'cases.received_at', ...LINKED_CASE_COLUMNS])
    .where('pc.proposal_id', 'in', [...proposalIds])
    .orderBy('cases.received_at')
    .orderBy('cases.id')
    .execute();
}

/** Decides an open proposal; false when it was decided already (by someone else meanwhile). */
export async function decideProposal(
  executor: Executor,
  id: string,
  decision: { status: 'accepted' | 'dismissed'; decided_at: string; decided_by: string; dismiss_reason?: string; problem_id?: string },
): Promise<boolean> {
  return changedOne(executor.updateTable('problem_proposals').set(decision).where('id', '=', id).where('status', '=', 'open'));
}
