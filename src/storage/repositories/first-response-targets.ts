import type { EscalationPosition } from '../../domain/escalation/positions.js';
import { changedOne } from '../changed-one.js';
import { locksRows, type Executor } from '../dialect.js';

/** An unanswered case past its first-response target whose breach nobody has reported yet. */
export interface BreachedCase {
  id: string;
  number: string;
  title: string;
  level: number;
  organization_id: string;
  department_id: string | null;
  policy_version_id: string;
  first_response_due_at: string;
  // The escalation clock, for how long the case has been unresolved.
  clock_counted_ms: number;
  clock_running_since: string | null;
}

/**
 * Unanswered cases whose first-response target passed and whose breach is not reported yet, earliest first. Read
 * through the partial index `cases_first_response_watch` (migration 0041, written as its WHERE); PostgreSQL skips rows
 * another instance holds, and the caller still reports only what `markBreachNotified` takes.
 */
export async function claimFirstResponseBreaches(executor: Executor, nowIso: string, limit: number): Promise<BreachedCase[]> {
  let query = executor
    .selectFrom('cases')
    .select([
      'id',
      'number',
      'title',
      'level',
      'organization_id',
      'department_id',
      'policy_version_id',
      'first_response_due_at',
      'clock_counted_ms',
      'clock_running_since',
    ])
    .where('first_responded_at', 'is', null)
    .where('first_response_breach_notified_at', 'is', null)
    .where('first_response_due_at', '<', nowIso)
    .orderBy('first_response_due_at')
    .limit(limit);
  if (locksRows(executor)) query = query.forUpdate().skipLocked();
  const rows = await query.execute();
  return rows.map((row) => ({ ...row, first_response_due_at: row.first_response_due_at ?? nowIso }));
}

/**
 * Takes the report of a breach: only while it is still unreported, still unanswered and still past the due time it
 * was read with (a level change may have moved it). False when another instance (or a response) came first.
 */
export async function markBreachNotified(executor: Executor, caseId: string, dueAt: string, at: string): Promise<boolean> {
  return changedOne(
    executor
      .updateTable('cases')
      .set({ first_response_breach_notified_at: at })
      .where('id', '=', caseId)
      .where('first_response_breach_notified_at', 'is', null)
      .where('first_responded_at', 'is', null)
      .where('first_response_due_at', '=', dueAt),
  );
}

export interface UnmeasuredResolution {
  id: string;
  received_at: string;
  resolved_at: string;
  policy_version_id: string;
}

/** Resolved cases without a stored resolution time (resolved before migration 0041), by id from `afterId`. */
export async function listUnmeasuredResolutions(executor: Executor, afterId: string, limit: number): Promise<UnmeasuredResolution[]> {
  const rows = await executor
    .selectFrom('cases')
    .select(['id', 'received_at', 'resolved_at', 'policy_version_id'])
    .where('resolved_at', 'is not', null)
    .where('resolution_working_ms', 'is', null)
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.flatMap((row) => (row.resolved_at === null ? [] : [{ ...row, resolved_at: row.resolved_at }]));
}

/** Stores a resolution time, only if the case is still resolved at the instant it was measured to. */
export async function storeResolutionTime(executor: Executor, caseId: string, resolvedAt: string, workingMs: number): Promise<boolean> {
  return changedOne(
    executor
      .updateTable('cases')
      .set({ resolution_working_ms: workingMs })
      .where('id', '=', caseId)
      .where('resolved_at', '=', resolvedAt)
      .where('resolution_working_ms', 'is', null),
  );
}

export interface UnmeasuredFirstResponse {
  id: string;
  received_at: string;
  first_responded_at: string;
  policy_version_id: string;
}

/**
 * Answered cases without a stored business time to first response (answered by the previous release during a rolling
 * upgrade to migration 0061, which filled in the others), by id from `afterId`, through `cases_first_response_unmeasured`.
 */
export async function listUnmeasuredFirstResponses(executor: Executor, afterId: string, limit: number): Promise<UnmeasuredFirstResponse[]> {
  const rows = await executor
    .selectFrom('cases')
    .select(['id', 'received_at', 'first_responded_at', 'policy_version_id'])
    .where('first_responded_at', 'is not', null)
    .where('first_response_working_ms', 'is', null)
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.flatMap((row) => (row.first_responded_at === null ? [] : [{ ...row, first_responded_at: row.first_responded_at }]));
}

/** Stores a business time to first response, only if the case was first answered at the instant it was measured to. */
export async function storeFirstResponseTime(executor: Executor, caseId: string, respondedAt: string, workingMs: number): Promise<boolean> {
  return changedOne(
    executor
      .updateTable('cases')
      .set({ first_response_working_ms: workingMs })
      .where('id', '=', caseId)
      .where('first_responded_at', '=', respondedAt)
      .where('first_response_working_ms', 'is', null),
  );
}

/** The positions whose escalation reports fired for a case. */
export async function firedPositionsOfCase(executor: Executor, caseId: string): Promise<EscalationPosition[]> {
  const rows = await executor
    .selectFrom('escalation_steps')
    .select('position')
    .where('case_id', '=', caseId)
    .where('status', '=', 'fired')
    .execute();
  return rows.map((row) => row.position as EscalationPosition);
}
