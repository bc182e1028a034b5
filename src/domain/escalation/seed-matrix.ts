import { ALWAYS_OPEN, type BusinessCalendar, validateCalendar } from '../calendar/business-calendar.js';
import { CASE_LEVELS, type CaseLevel, isCaseLevel } from '../cases/levels.js';
import { type EscalationPosition, isEscalationPosition } from './positions.js';

export interface PolicyStep {
  level: CaseLevel;
  /** Counted hours unresolved after which the position receives the upgrading report. */
  afterHours: number;
  position: EscalationPosition;
  /** The step also opens a vendor escalation ("vendor support center" in the seed). */
  vendorReport: boolean;
}

export interface EscalationPolicy {
  matrix: PolicyStep[];
  firstResponseMinutes: Record<CaseLevel, number>;
  calendar: BusinessCalendar;
  pauseWhileWaitingOnCustomer: boolean;
}

function step(level: CaseLevel, afterHours: number, position: EscalationPosition, vendorReport = false): PolicyStep {
  return Object.freeze({ level, afterHours, position, vendorReport });
}

// The seed's upgrading-report table, transcribed once; everything else reads it from here.
export const SEED_MATRIX: readonly PolicyStep[] = Object.freeze([
  step(1, 1, 'department-manager'),
  step(1, 4, 'operation-center-gm', true),
  step(1, 24, 'vp-in-charge'),
  step(1, 48, 'president'),
  step(2, 4, 'department-manager'),
  step(2, 24, 'operation-center-gm', true),
  step(2, 48, 'vp-in-charge'),
  step(2, 72, 'president'),
  step(3, 72, 'department-manager'),
  step(3, 96, 'operation-center-gm'),
  step(4, 96, 'department-manager'),
]);

// The seed gives no first-response targets; these are what a 7×24 hotline would promise,
// each well inside the level's first escalation step.
export const SEED_FIRST_RESPONSE_MINUTES: Record<CaseLevel, number> = Object.freeze({
  1: 15,
  2: 30,
  3: 120,
  4: 480,
});

export const DEFAULT_POLICY: EscalationPolicy = Object.freeze({
  matrix: SEED_MATRIX as PolicyStep[],
  firstResponseMinutes: SEED_FIRST_RESPONSE_MINUTES,
  calendar: ALWAYS_OPEN,
  // The hotline is 7×24, so waiting on the customer does not stop the clock by default (SPEC §3).
  pauseWhileWaitingOnCustomer: false,
});

export function validatePolicy(p: EscalationPolicy): string[] {
  const problems: string[] = [];
  const lastHoursByLevel = new Map<CaseLevel, number>();
  const positionsByLevel = new Map<CaseLevel, Set<EscalationPosition>>();

  (p.matrix ?? []).forEach((s, index) => {
    const where = `matrix[${index}]`;
    if (!isCaseLevel(s.level)) {
      problems.push(`${where}: unknown level ${String(s.level)}`);
      return;
    }
    if (!isEscalationPosition(s.position)) {
      problems.push(`${where}: unknown position "${String(s.position)}"`);
    } else {
      const seen = positionsByLevel.get(s.level) ?? new Set<EscalationPosition>();
      // A case keeps one step per position, so a second one for the same level could never fire.
      if (seen.has(s.position)) problems.push(`${where}: ${s.position} appears more than once for level ${s.level}`);
      seen.add(s.position);
      positionsByLevel.set(s.level, seen);
    }
    if (typeof s.afterHours !== 'number' || !Number.isFinite(s.afterHours) || s.afterHours <= 0) {
      problems.push(`${where}: hours must be a positive number, got ${String(s.afterHours)}`);
    } else {
      const previous = lastHoursByLevel.get(s.level);
      if (previous !== undefined && s.afterHours <= previous) {
        problems.push(`${where}: hours ${s.afterHours} for level ${s.level} do not increase after ${previous}`);
      }
      lastHoursByLevel.set(s.level, s.afterHours);
    }
    if (typeof s.vendorReport !== 'boolean') problems.push(`${where}: vendorReport must be true or false`);
  });

  for (const level of CASE_LEVELS) {
    const minutes = p.firstResponseMinutes?.[level];
    if (typeof minutes !== 'number' || !Number.isFinite(minutes) || minutes <= 0) {
      problems.push(`first response target for level ${level} must be a positive number of minutes, got ${String(minutes)}`);
    }
  }

  if (p.calendar === null || typeof p.calendar !== 'object') problems.push('calendar is missing');
  else for (const problem of validateCalendar(p.calendar)) problems.push(`calendar: ${problem}`);
  if (typeof p.pauseWhileWaitingOnCustomer !== 'boolean') {
    problems.push('pauseWhileWaitingOnCustomer must be true or false');
  }
  return problems;
}
