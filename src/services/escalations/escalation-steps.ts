import type { CaseLevel } from '../../domain/cases/levels.js';
import { dueAfterLevelChange, firstResponseCountsFrom, type FirstResponsePolicy } from '../../domain/cases/first-response-target.js';
import type { EscalationClock } from '../../domain/escalation/escalation-clock.js';
import { planLadder, type LadderStepState } from '../../domain/escalation/escalation-ladder.js';
import type { EscalationPosition } from '../../domain/escalation/positions.js';
import type { EscalationPolicy } from '../../domain/escalation/seed-matrix.js';
import type { Executor } from '../../storage/db.js';
import type { CaseRow } from '../../storage/repositories/cases.js';
import { updateCaseRow } from '../../storage/repositories/cases.js';
import { insertSteps, listStepsOfCase, updateUnfiredStep, type EscalationStepRow } from '../../storage/repositories/escalations.js';
import { newId } from '../context.js';

export function clockOf(row: Pick<CaseRow, 'clock_counted_ms' | 'clock_running_since'>): EscalationClock {
  return {
    countedMs: Number(row.clock_counted_ms),
    runningSince: row.clock_running_since === null ? null : Date.parse(row.clock_running_since),
  };
}

/**
 * Where an unanswered case's first-response target moves when its level or policy changes: the target of `level` under
 * `policy`, counted from the same start (`dueAfterLevelChange` has the rule); no column once the case was answered.
 */
export function firstResponseDueColumns(
  row: Pick<CaseRow, 'received_at' | 'first_responded_at' | 'clock_counted_ms' | 'clock_running_since'>,
  policy: FirstResponsePolicy,
  level: CaseLevel,
): Partial<Pick<CaseRow, 'first_response_due_at'>> {
  const due = dueAfterLevelChange(policy, {
    level,
    countsFromMs: firstResponseCountsFrom(Date.parse(row.received_at), clockOf(row)),
    respondedAtMs: row.first_responded_at === null ? null : Date.parse(row.first_responded_at),
  });
  return due === null ? {} : { first_response_due_at: new Date(due).toISOString() };
}

export function clockColumns(clock: EscalationClock): Pick<CaseRow, 'clock_counted_ms' | 'clock_running_since'> {
  return {
    clock_counted_ms: clock.countedMs,
    clock_running_since: clock.runningSince === null ? null : new Date(clock.runningSince).toISOString(),
  };
}

export function ladderStateOf(row: EscalationStepRow): LadderStepState {
  return {
    position: row.position,
    level: row.level,
    afterHours: Number(row.after_hours),
    vendorReport: row.vendor_report === 1,
    status: row.status,
    dueAtMs: row.due_at === null ? null : Date.parse(row.due_at),
    firedAtMs: row.fired_at === null ? null : Date.parse(row.fired_at),
  };
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** What bringing a case's ladder in line takes: the domain's decision, before anything is written. */
export interface LadderChanges {
  inserts: EscalationStepRow[];
  updates: { id: string; columns: Pick<EscalationStepRow, 'level' | 'after_hours' | 'vendor_report' | 'status' | 'due_at'> }[];
  /** Steps already due, to fire at once once written. */
  dueStepIds: string[];
  cancelled: EscalationPosition[];
  added: EscalationPosition[];
  /** The earliest pending due time, for the case's `next_escalation_due_at`. */
  nextDueAt: string | null;
}

/** Decides the ladder's changes for the case's level and clock against its stored steps; writes nothing. */
export function planLadderChanges(
  caseRow: Pick<CaseRow, 'id' | 'level' | 'clock_counted_ms' | 'clock_running_since'>,
  policy: EscalationPolicy,
  nowMs: number,
  rows: EscalationStepRow[],
): LadderChanges {
  const byPosition = new Map(rows.map((row) => [row.position, row]));
  const { upserts } = planLadder({
    policy,
    level: caseRow.level,
    clock: clockOf(caseRow),
    existing: rows.map(ladderStateOf),
    nowMs,
  });

  const changes: LadderChanges = { inserts: [], updates: [], dueStepIds: [], cancelled: [], added: [], nextDueAt: null };
  for (const step of upserts) {
    const existing = byPosition.get(step.position);
    if (existing?.status === 'fired') continue;
    const columns = {
      level: step.level,
      after_hours: step.afterHours,
      vendor_report: step.vendorReport ? 1 : 0,
      status: step.status,
      due_at: iso(step.dueAtMs),
    };
    let id = existing?.id;
    if (existing) {
      const changed =
        existing.level !== columns.level ||
        Number(existing.after_hours) !== columns.after_hours ||
        existing.vendor_report !== columns.vendor_report ||
        existing.status !== columns.status ||
        existing.due_at !== columns.due_at;
      if (changed) changes.updates.push({ id: existing.id, columns });
      if (existing.status === 'pending' && step.status === 'cancelled') changes.cancelled.push(step.position);
      if (existing.status === 'cancelled' && step.status === 'pending') changes.added.push(step.position);
    } else {
      id = newId();
      changes.inserts.push({
        id,
        case_id: caseRow.id,
        position: step.position,
        fired_at: null,
        recipients_json: null,
        acknowledged_at: null,
        acknowledged_by: null,
        acknowledged_reason: null,
        ...columns,
      });
      changes.added.push(step.position);
    }
    if (step.status === 'pending' && step.dueAtMs !== null && step.dueAtMs <= nowMs && id) changes.dueStepIds.push(id);
  }
  // The plan holds every position's wanted state, so the earliest pending due time needs no extra query.
  changes.nextDueAt = earliestOf(upserts);
  return changes;
}

/** Writes a ladder plan's step changes (the case row's `next_escalation_due_at` is the caller's). */
async function writeLadderSteps(executor: Executor, changes: LadderChanges): Promise<void> {
  for (const { id, columns } of changes.updates) await updateUnfiredStep(executor, id, columns);
  await insertSteps(executor, changes.inserts);
}

/**
 * Brings the stored ladder in line with the case's level and clock (the domain decides, this writes), and keeps
 * the case's `next_escalation_due_at` in step. Returns the ids of steps that are due already, to fire at once, and
 * the earliest pending due time.
 */
export async function replanLadder(
  executor: Executor,
  caseRow: Pick<CaseRow, 'id' | 'level' | 'clock_counted_ms' | 'clock_running_since'>,
  policy: EscalationPolicy,
  nowMs: number,
): Promise<{ dueStepIds: string[]; cancelled: EscalationPosition[]; added: EscalationPosition[]; nextDueAt: string | null }> {
  const changes = planLadderChanges(caseRow, policy, nowMs, await listStepsOfCase(executor, caseRow.id));
  await writeLadderSteps(executor, changes);
  await updateCaseRow(executor, caseRow.id, { next_escalation_due_at: changes.nextDueAt });
  return changes;
}

function earliestOf(steps: LadderStepState[]): string | null {
  const due = steps.filter((step) => step.status === 'pending' && step.dueAtMs !== null).map((step) => step.dueAtMs!);
  return due.length === 0 ? null : new Date(Math.min(...due)).toISOString();
}
