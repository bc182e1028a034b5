import type { EscalationClock } from '../../domain/escalation/escalation-clock.js';
import { planLadder, type LadderStepState } from '../../domain/escalation/escalation-ladder.js';
import type { EscalationPosition } from '../../domain/escalation/positions.js';
import type { EscalationPolicy } from '../../domain/escalation/seed-matrix.js';
import type { CaseLevel } from '../../domain/cases/levels.js';
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

export function clockColumns(clock: EscalationClock): Pick<CaseRow, 'clock_counted_ms' | 'clock_running_since'> {
  return {
    clock_counted_ms: clock.countedMs,
    clock_running_since: clock.runningSince === null ? null : new Date(clock.runningSince).toISOString(),
  };
}

export function ladderStateOf(row: EscalationStepRow): LadderStepState {
  return {
    position: row.position as EscalationPosition,
    level: row.level as CaseLevel,
    afterHours: Number(row.after_hours),
    vendorReport: row.vendor_report === 1,
    status: row.status as LadderStepState['status'],
    dueAtMs: row.due_at === null ? null : Date.parse(row.due_at),
    firedAtMs: row.fired_at === null ? null : Date.parse(row.fired_at),
  };
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/**
 * Brings the stored ladder in line with the case's level and clock (the domain decides, this writes), and keeps
 * the case's `next_escalation_due_at` in step (unless the caller writes it, `caseRowWritten`). Returns the ids of
 * steps that are due already, to fire at once, and the earliest pending due time.
 */
export async function replanLadder(
  executor: Executor,
  caseRow: Pick<CaseRow, 'id' | 'level' | 'clock_counted_ms' | 'clock_running_since'>,
  policy: EscalationPolicy,
  nowMs: number,
  knownSteps?: EscalationStepRow[],
  options: { caseRowWritten?: boolean } = {},
): Promise<{ dueStepIds: string[]; cancelled: EscalationPosition[]; added: EscalationPosition[]; nextDueAt: string | null }> {
  const rows = knownSteps ?? (await listStepsOfCase(executor, caseRow.id));
  const byPosition = new Map(rows.map((row) => [row.position, row]));
  const { upserts } = planLadder({
    policy,
    level: caseRow.level as CaseLevel,
    clock: clockOf(caseRow),
    existing: rows.map(ladderStateOf),
    nowMs,
  });

  const dueStepIds: string[] = [];
  const cancelled: EscalationPosition[] = [];
  const added: EscalationPosition[] = [];
  const inserts: EscalationStepRow[] = [];
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
      if (changed) await updateUnfiredStep(executor, existing.id, columns);
      if (existing.status === 'pending' && step.status === 'cancelled') cancelled.push(step.position);
      if (existing.status === 'cancelled' && step.status === 'pending') added.push(step.position);
    } else {
      id = newId();
      inserts.push({
        id,
        case_id: caseRow.id,
        position: step.position,
        fired_at: null,
        recipients_json: null,
        acknowledged_at: null,
        acknowledged_by: null,
        ...columns,
      });
      added.push(step.position);
    }
    if (step.status === 'pending' && step.dueAtMs !== null && step.dueAtMs <= nowMs && id) dueStepIds.push(id);
  }
  await insertSteps(executor, inserts);

  // The plan holds every position's wanted state, so the earliest pending due time needs no extra query.
  const nextDueAt = earliestOf(upserts);
  if (!options.caseRowWritten) await updateCaseRow(executor, caseRow.id, { next_escalation_due_at: nextDueAt });
  return { dueStepIds, cancelled, added, nextDueAt };
}

function earliestOf(steps: LadderStepState[]): string | null {
  const due = steps.filter((step) => step.status === 'pending' && step.dueAtMs !== null).map((step) => step.dueAtMs!);
  return due.length === 0 ? null : new Date(Math.min(...due)).toISOString();
}
