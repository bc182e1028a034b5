import { describe, it, expect } from 'vitest';
import { DateTime } from 'luxon';
import type { BusinessCalendar, IsoWeekday } from '../calendar/business-calendar.js';
import type { CaseStatus } from '../cases/case-lifecycle.js';
import type { CaseLevel } from '../cases/levels.js';
import { type EscalationClock, clockAfterTransition, startClock } from './escalation-clock.js';
import { type LadderStepState, dueAtFor, dueSteps, ladderFor, markFired, nextStep, planLadder } from './escalation-ladder.js';
import type { EscalationPosition } from './positions.js';
import { DEFAULT_POLICY, type EscalationPolicy, SEED_MATRIX } from './seed-matrix.js';

const H = 3_600_000;
const T0 = Date.UTC(2026, 4, 4, 8, 0);
const at = (hours: number): number => T0 + hours * H;

/**
 * A case reduced to what the ladder needs, driven the way the services will drive the domain:
 * every event updates the clock, then the ladder is replanned; `tick` fires what is due.
 */
class Timeline {
  level: CaseLevel;
  status: CaseStatus = 'new';
  clock: EscalationClock;
  steps: LadderStepState[] = [];

  constructor(
    readonly policy: EscalationPolicy,
    level: CaseLevel,
    receivedAtMs: number,
    loggedAtMs: number,
  ) {
    this.level = level;
    this.clock = startClock(receivedAtMs);
    this.replan(loggedAtMs);
  }

  replan(nowMs: number): void {
    this.steps = planLadder({ policy: this.policy, level: this.level, clock: this.clock, existing: this.steps, nowMs }).upserts;
  }

  due(nowMs: number): EscalationPosition[] {
    return dueSteps(this.steps, nowMs).map((s) => s.position);
  }

  tick(nowMs: number): EscalationPosition[] {
    const fired = dueSteps(this.steps, nowMs);
    this.steps = this.steps.map((s) => (fired.includes(s) ? markFired(s, nowMs) : s));
    return fired.map((s) => s.position);
  }

  changeLevel(level: CaseLevel, nowMs: number): void {
    this.level = level;
    this.replan(nowMs);
  }

  transition(to: CaseStatus, nowMs: number): void {
    this.clock = clockAfterTransition(this.clock, this.policy.calendar, this.policy, this.status, to, nowMs);
    this.status = to;
    this.replan(nowMs);
  }

  step(position: EscalationPosition): LadderStepState | undefined {
    return this.steps.find((s) => s.position === position);
  }
}

describe('ladderFor', () => {
  it.each([
    [1, ['department-manager', 'operation-center-gm', 'vp-in-charge', 'president']],
    [2, ['department-manager', 'operation-center-gm', 'vp-in-charge', 'president']],
    [3, ['department-manager', 'operation-center-gm']],
    [4, ['department-manager']],
  ] as const)('level %i climbs %j', (level, positions) => {
    expect(ladderFor(DEFAULT_POLICY, level).map((s) => s.position)).toEqual(positions);
  });

  it('sorts by hours whatever order the matrix lists them in', () => {
    const policy = { ...DEFAULT_POLICY, matrix: [...SEED_MATRIX].reverse() };
    expect(ladderFor(policy, 1).map((s) => s.afterHours)).toEqual([1, 4, 24, 48]);
  });
});

describe('every cell of the seed matrix', () => {
  it.each(SEED_MATRIX.map((s) => ({ ...s })))(
    'level $level: $position is due at $afterHours h, not a millisecond before',
    ({ level, afterHours, position, vendorReport }) => {
      const c = new Timeline(DEFAULT_POLICY, level, T0, T0);
      const step = c.step(position);
      expect(step).toMatchObject({ level, afterHours, vendorReport, status: 'pending', dueAtMs: at(afterHours) });
      expect(c.due(at(afterHours) - 1)).not.toContain(position);
      expect(c.due(at(afterHours))).toContain(position);
    },
  );

  it('a level-1 case left alone escalates all the way up, each report once', () => {
    const c = new Timeline(DEFAULT_POLICY, 1, T0, T0);
    const fired: string[] = [];
    for (let hours = 0; hours <= 100; hours += 0.5) {
      for (const p of c.tick(at(hours))) fired.push(`${hours}h ${p}`);
    }
    expect(fired).toEqual(['1h department-manager', '4h operation-center-gm', '24h vp-in-charge', '48h president']);
    expect(nextStep(c.steps)).toBeNull();
  });
});

describe('late logging', () => {
  it('a level-1 case logged 5 h after received-at has the 1 h and 4 h steps due at once', () => {
    const c = new Timeline(DEFAULT_POLICY, 1, T0, at(5));
    expect(c.due(at(5))).toEqual(['department-manager', 'operation-center-gm']);
    expect(c.tick(at(5))).toEqual(['department-manager', 'operation-center-gm']);
    expect(nextStep(c.steps)).toMatchObject({ position: 'vp-in-charge', dueAtMs: at(24) });
    expect(c.due(at(23.99))).toEqual([]);
  });
});

describe('raising the level', () => {
  it('3 → 1 schedules level 1 from the same received-at; already-due steps are due at once', () => {
    const c = new Timeline(DEFAULT_POLICY, 3, T0, T0);
    expect(c.due(at(2))).toEqual([]);
    c.changeLevel(1, at(2));
    expect(c.steps.map((s) => [s.position, s.level, s.afterHours, s.status, s.dueAtMs])).toEqual([
      ['department-manager', 1, 1, 'pending', at(1)],
      ['operation-center-gm', 1, 4, 'pending', at(4)],
      ['vp-in-charge', 1, 24, 'pending', at(24)],
      ['president', 1, 48, 'pending', at(48)],
    ]);
    expect(c.tick(at(2))).toEqual(['department-manager']);
    expect(c.due(at(4) - 1)).toEqual([]);
    expect(c.tick(at(4))).toEqual(['operation-center-gm']);
    expect(c.step('operation-center-gm')?.vendorReport).toBe(true);
  });

  it('2 → 1 after the department manager fired does not report to them again', () => {
    const c = new Timeline(DEFAULT_POLICY, 2, T0, T0);
    expect(c.tick(at(4))).toEqual(['department-manager']);
    c.changeLevel(1, at(5));
    expect(c.step('department-manager')).toMatchObject({ status: 'fired', level: 2, afterHours: 4, firedAtMs: at(4) });
    expect(c.tick(at(5))).toEqual(['operation-center-gm']);
  });
});

describe('lowering the level', () => {
  it('1 → 3 after the 1 h step fired: gm moves to 96 h, vp and president are cancelled, the manager is not reported twice', () => {
    const c = new Timeline(DEFAULT_POLICY, 1, T0, T0);
    expect(c.tick(at(1))).toEqual(['department-manager']);
    c.changeLevel(3, at(2));
    expect(c.steps.map((s) => [s.position, s.status, s.level, s.afterHours, s.dueAtMs, s.firedAtMs])).toEqual([
      ['department-manager', 'fired', 1, 1, at(1), at(1)],
      ['operation-center-gm', 'pending', 3, 96, at(96), null],
      ['vp-in-charge', 'cancelled', 1, 24, null, null],
      ['president', 'cancelled', 1, 48, null, null],
    ]);
    expect(c.step('operation-center-gm')?.vendorReport).toBe(false);
    expect(c.tick(at(4))).toEqual([]);
    expect(c.tick(at(72))).toEqual([]);
    expect(c.tick(at(96) - 1)).toEqual([]);
    expect(c.tick(at(96))).toEqual(['operation-center-gm']);
  });

  it('raising back revives the cancelled steps from the same received-at', () => {
    const c = new Timeline(DEFAULT_POLICY, 1, T0, T0);
    c.tick(at(1));
    c.changeLevel(3, at(2));
    c.changeLevel(1, at(30));
    expect(c.step('vp-in-charge')).toMatchObject({ status: 'pending', level: 1, dueAtMs: at(24) });
    expect(c.step('president')).toMatchObject({ status: 'pending', level: 1, dueAtMs: at(48) });
    expect(c.tick(at(30))).toEqual(['operation-center-gm', 'vp-in-charge']);
    expect(c.step('department-manager')?.firedAtMs).toBe(at(1));
  });

  it('1 → 4 before anything fired keeps only the department manager, at 96 h', () => {
    const c = new Timeline(DEFAULT_POLICY, 1, T0, T0);
    c.changeLevel(4, at(0.5));
    expect(c.steps.map((s) => [s.position, s.status])).toEqual([
      ['department-manager', 'pending'],
      ['operation-center-gm', 'cancelled'],
      ['vp-in-charge', 'cancelled'],
      ['president', 'cancelled'],
    ]);
    expect(nextStep(c.steps)).toMatchObject({ position: 'department-manager', dueAtMs: at(96) });
  });
});

describe('resolve and reopen', () => {
  it('resolved at 2 h, reopened at 10 h: the 4 h step is due at 12 h wall time', () => {
    const c = new Timeline(DEFAULT_POLICY, 1, T0, T0);
    c.transition('in_progress', at(0.25));
    expect(c.tick(at(1))).toEqual(['department-manager']);
    c.transition('resolved', at(2));
    expect(c.steps.filter((s) => s.status === 'pending').map((s) => s.dueAtMs)).toEqual([null, null, null]);
    expect(nextStep(c.steps)).toBeNull();
    expect(c.tick(at(9))).toEqual([]);
    c.transition('in_progress', at(10));
    expect(c.step('operation-center-gm')?.dueAtMs).toBe(at(12));
    expect(c.step('vp-in-charge')?.dueAtMs).toBe(at(32));
    expect(c.tick(at(12) - 1)).toEqual([]);
    expect(c.tick(at(12))).toEqual(['operation-center-gm']);
    expect(c.step('department-manager')?.firedAtMs).toBe(at(1));
  });

  it('reopening after the counted time passed a step makes it due at the reopen', () => {
    const c = new Timeline(DEFAULT_POLICY, 2, T0, T0);
    c.transition('resolved', at(5));
    // the 4 h step was due but not yet fired when the case was resolved
    c.transition('in_progress', at(20));
    expect(c.step('department-manager')?.dueAtMs).toBe(at(20));
    expect(c.tick(at(20))).toEqual(['department-manager']);
  });
});

describe('waiting on the customer', () => {
  const PAUSING: EscalationPolicy = { ...DEFAULT_POLICY, pauseWhileWaitingOnCustomer: true };

  it('by default the clock keeps running', () => {
    const c = new Timeline(DEFAULT_POLICY, 2, T0, T0);
    c.transition('diagnosing', at(0.5));
    c.transition('waiting_customer', at(1));
    expect(c.tick(at(4))).toEqual(['department-manager']);
  });

  it('with the pause rule, the time spent waiting does not count', () => {
    const c = new Timeline(PAUSING, 2, T0, T0);
    c.transition('diagnosing', at(0.5));
    c.transition('waiting_customer', at(1));
    expect(nextStep(c.steps)).toBeNull();
    expect(c.tick(at(4.9))).toEqual([]);
    c.transition('in_progress', at(5));
    expect(c.step('department-manager')?.dueAtMs).toBe(at(8));
    expect(c.tick(at(8) - 1)).toEqual([]);
    expect(c.tick(at(8))).toEqual(['department-manager']);
    // waiting on a vendor is not waiting on the customer
    c.transition('waiting_vendor', at(9));
    expect(c.step('operation-center-gm')?.dueAtMs).toBe(at(28));
  });
});

describe('on a business-hours calendar', () => {
  it('a level-1 case received Friday 17:30 in Shanghai reaches the department manager Monday 09:30', () => {
    const office: BusinessCalendar = {
      timeZone: 'Asia/Shanghai',
      weeklyHours: ([1, 2, 3, 4, 5] as IsoWeekday[]).map((day) => ({ day, start: '09:00', end: '18:00' })),
      holidays: [],
    };
    const policy: EscalationPolicy = { ...DEFAULT_POLICY, calendar: office };
    const received = DateTime.fromISO('2026-05-08T17:30', { zone: 'Asia/Shanghai' }).toMillis();
    const c = new Timeline(policy, 1, received, received);
    const due = c.step('department-manager')?.dueAtMs ?? 0;
    expect(DateTime.fromMillis(due, { zone: 'Asia/Shanghai' }).toISO()).toBe('2026-05-11T09:30:00.000+08:00');
  });
});

describe('planLadder as a pure reconciliation', () => {
  it('gives the same plan whenever it is recomputed', () => {
    const clock = startClock(T0);
    const first = planLadder({ policy: DEFAULT_POLICY, level: 1, clock, existing: [], nowMs: at(0) }).upserts;
    const again = planLadder({ policy: DEFAULT_POLICY, level: 1, clock, existing: first, nowMs: at(7) }).upserts;
    expect(again).toEqual(first);
  });

  it('returns one state per position ever seen, even positions the level never had', () => {
    const c = new Timeline(DEFAULT_POLICY, 1, T0, T0);
    c.changeLevel(4, at(1));
    c.changeLevel(3, at(2));
    expect(c.steps.map((s) => s.position)).toEqual(['department-manager', 'operation-center-gm', 'vp-in-charge', 'president']);
  });

  it('never changes a fired step, whatever the level', () => {
    const c = new Timeline(DEFAULT_POLICY, 1, T0, T0);
    c.tick(at(50));
    const fired = c.steps.map((s) => ({ ...s }));
    for (const level of [4, 3, 2, 1, 2] as const) {
      c.changeLevel(level, at(60));
      expect(c.steps).toEqual(fired);
      expect(c.due(at(500))).toEqual([]);
    }
  });

  it('keeps the fired row if storage holds two rows for one position', () => {
    const clock = startClock(T0);
    const fired: LadderStepState = {
      position: 'department-manager',
      level: 1,
      afterHours: 1,
      vendorReport: false,
      status: 'fired',
      dueAtMs: at(1),
      firedAtMs: at(1),
    };
    const stale: LadderStepState = { ...fired, status: 'pending', firedAtMs: null };
    for (const existing of [
      [stale, fired],
      [fired, stale],
    ]) {
      const { upserts } = planLadder({ policy: DEFAULT_POLICY, level: 1, clock, existing, nowMs: at(2) });
      expect(upserts.filter((s) => s.position === 'department-manager')).toEqual([fired]);
    }
  });
});

describe('dueAtFor, dueSteps, nextStep and markFired', () => {
  it('no due instant while the clock is paused', () => {
    expect(dueAtFor({ afterHours: 4 }, { countedMs: H, runningSince: null }, DEFAULT_POLICY.calendar, at(3))).toBeNull();
  });

  it('counts only what is left after the time already counted', () => {
    expect(dueAtFor({ afterHours: 4 }, { countedMs: H, runningSince: at(10) }, DEFAULT_POLICY.calendar, at(10))).toBe(at(13));
  });

  const pending = (position: EscalationPosition, dueAtMs: number | null, afterHours = 1): LadderStepState => ({
    position,
    level: 1,
    afterHours,
    vendorReport: false,
    status: 'pending',
    dueAtMs,
    firedAtMs: null,
  });

  it('dueSteps lists pending steps that have come due, earliest first', () => {
    const steps = [
      pending('president', at(3)),
      pending('vp-in-charge', at(1)),
      pending('operation-center-gm', null),
      { ...pending('department-manager', at(0)), status: 'fired' as const, firedAtMs: at(0) },
    ];
    expect(dueSteps(steps, at(3)).map((s) => s.position)).toEqual(['vp-in-charge', 'president']);
    expect(dueSteps(steps, at(2)).map((s) => s.position)).toEqual(['vp-in-charge']);
  });

  it('nextStep is the pending step due first, ignoring paused ones', () => {
    expect(nextStep([pending('president', at(9)), pending('vp-in-charge', at(5)), pending('department-manager', null)])?.position).toBe(
      'vp-in-charge',
    );
    expect(nextStep([pending('president', null)])).toBeNull();
    expect(nextStep([])).toBeNull();
  });

  it('markFired refuses a step that is not pending', () => {
    const fired = markFired(pending('president', at(1)), at(2));
    expect(fired).toMatchObject({ status: 'fired', firedAtMs: at(2), dueAtMs: at(1) });
    expect(() => markFired(fired, at(3))).toThrow(/cannot fire/);
    expect(() => markFired({ ...pending('president', null), status: 'cancelled' }, at(3))).toThrow(/cannot fire/);
  });
});
