import { type BusinessCalendar, addWorkingMs } from '../calendar/business-calendar.js';
import type { CaseLevel } from '../cases/levels.js';
import type { EscalationClock } from './escalation-clock.js';
import { ESCALATION_POSITIONS, type EscalationPosition } from './positions.js';
import type { EscalationPolicy, PolicyStep } from './seed-matrix.js';

const MS_PER_HOUR = 3_600_000;

export type LadderStepStatus = 'pending' | 'fired' | 'cancelled';

export interface LadderStepState {
  position: EscalationPosition;
  /** The level whose matrix row the step was last planned from. */
  level: CaseLevel;
  afterHours: number;
  vendorReport: boolean;
  status: LadderStepStatus;
  /** null while the clock is paused, and for cancelled steps */
  dueAtMs: number | null;
  firedAtMs: number | null;
}

export interface PlanLadderInput {
  policy: EscalationPolicy;
  level: CaseLevel;
  clock: EscalationClock;
  existing: readonly LadderStepState[];
  nowMs: number;
}

export function ladderFor(policy: EscalationPolicy, level: CaseLevel): PolicyStep[] {
  return policy.matrix.filter((s) => s.level === level).sort((a, b) => a.afterHours - b.afterHours);
}

/**
 * The instant the clock's counted time reaches the step's hours; it may lie in the past
 * (a late-logged case, a raised level), which makes the step due at once.
 * The result depends on the clock alone, not on `nowMs`, so replanning the same case at
 * different moments yields the same due instants and upserts stay idempotent.
 */
export function dueAtFor(
  step: Pick<PolicyStep, 'afterHours'>,
  clock: EscalationClock,
  cal: BusinessCalendar,
  _nowMs: number,
): number | null {
  if (clock.runningSince === null) return null;
  const remaining = step.afterHours * MS_PER_HOUR - clock.countedMs;
  // Already counted before the last pause: due from the moment counting resumed.
  if (remaining <= 0) return clock.runningSince;
  return addWorkingMs(cal, clock.runningSince, remaining);
}

function positionRank(position: EscalationPosition): number {
  return ESCALATION_POSITIONS.indexOf(position);
}

/**
 * Reconciles a case's ladder with its current level and clock (SPEC §3). Used at creation,
 * on a level change, on pause/resume and on reopen. Returns one state per position the case
 * has ever had, so storage can upsert by (case, position) and never lose the fired record.
 */
export function planLadder(input: PlanLadderInput): { upserts: LadderStepState[] } {
  const { policy, level, clock, existing, nowMs } = input;

  const wanted = new Map<EscalationPosition, PolicyStep>();
  for (const step of ladderFor(policy, level)) {
    // A valid policy has each position once per level; otherwise the earliest step wins.
    if (!wanted.has(step.position)) wanted.set(step.position, step);
  }

  const pendingFrom = (step: PolicyStep): LadderStepState => ({
    position: step.position,
    level,
    afterHours: step.afterHours,
    vendorReport: step.vendorReport,
    status: 'pending',
    dueAtMs: dueAtFor(step, clock, policy.calendar, nowMs),
    firedAtMs: null,
  });

  const result = new Map<EscalationPosition, LadderStepState>();
  for (const state of existing) {
    const earlier = result.get(state.position);
    // Should storage ever hold two rows for one position, the fired one is the truth.
    if (earlier !== undefined && (earlier.status === 'fired' || state.status !== 'fired')) continue;

    if (state.status === 'fired') {
      // A report that went out is history: never moved, never sent again, whatever the new level says.
      result.set(state.position, state);
      continue;
    }
    const step = wanted.get(state.position);
    if (step !== undefined) {
      result.set(state.position, pendingFrom(step));
    } else {
      result.set(state.position, { ...state, status: 'cancelled', dueAtMs: null, firedAtMs: null });
    }
  }
  for (const [position, step] of wanted) {
    if (!result.has(position)) result.set(position, pendingFrom(step));
  }

  const upserts = [...result.values()].sort((a, b) => positionRank(a.position) - positionRank(b.position));
  return { upserts };
}

function byDueAt(a: LadderStepState, b: LadderStepState): number {
  return (a.dueAtMs ?? Infinity) - (b.dueAtMs ?? Infinity) || a.afterHours - b.afterHours;
}

/** Pending steps whose due instant has come, earliest first. */
export function dueSteps(steps: readonly LadderStepState[], nowMs: number): LadderStepState[] {
  return steps.filter((s) => s.status === 'pending' && s.dueAtMs !== null && s.dueAtMs <= nowMs).sort(byDueAt);
}

/** The pending step that will be due first; null when nothing is scheduled (done, or clock paused). */
export function nextStep(steps: readonly LadderStepState[]): LadderStepState | null {
  const scheduled = steps.filter((s) => s.status === 'pending' && s.dueAtMs !== null).sort(byDueAt);
  return scheduled[0] ?? null;
}

/** The state to store once the report went out; refuses anything but a pending step. */
export function markFired(step: LadderStepState, firedAtMs: number): LadderStepState {
  if (step.status !== 'pending') {
    throw new Error(`step for ${step.position} is ${step.status} and cannot fire`);
  }
  return { ...step, status: 'fired', firedAtMs };
}
