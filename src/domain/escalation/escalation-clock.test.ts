import { describe, it, expect } from 'vitest';
import { DateTime } from 'luxon';
import type { BusinessCalendar } from '../calendar/business-calendar.js';
import { ALWAYS_OPEN } from '../calendar/business-calendar.js';
import { CASE_STATUSES, type CaseStatus } from '../cases/case-lifecycle.js';
import {
  clockAfterTransition,
  countedAt,
  isClockRunning,
  pauseClock,
  resumeClock,
  shouldClockRun,
  startClock,
} from './escalation-clock.js';
import { DEFAULT_POLICY, type EscalationPolicy } from './seed-matrix.js';

const H = 3_600_000;
const T0 = Date.UTC(2026, 4, 4, 8, 0); // a Monday
const PAUSING: EscalationPolicy = { ...DEFAULT_POLICY, pauseWhileWaitingOnCustomer: true };

describe('escalation clock', () => {
  it('runs from received-at, which may be before it was logged', () => {
    const clock = startClock(T0);
    expect(clock).toEqual({ countedMs: 0, runningSince: T0 });
    expect(countedAt(clock, ALWAYS_OPEN, T0 + 5 * H)).toBe(5 * H);
  });

  it('stops counting while paused and picks up where it left off', () => {
    let clock = startClock(T0);
    clock = pauseClock(clock, ALWAYS_OPEN, T0 + 2 * H);
    expect(isClockRunning(clock)).toBe(false);
    expect(countedAt(clock, ALWAYS_OPEN, T0 + 9 * H)).toBe(2 * H);
    clock = resumeClock(clock, T0 + 10 * H);
    expect(countedAt(clock, ALWAYS_OPEN, T0 + 13 * H)).toBe(5 * H);
  });

  it('pausing a paused clock or resuming a running one changes nothing', () => {
    const running = startClock(T0);
    expect(resumeClock(running, T0 + H)).toBe(running);
    const paused = pauseClock(running, ALWAYS_OPEN, T0 + H);
    expect(pauseClock(paused, ALWAYS_OPEN, T0 + 5 * H)).toBe(paused);
  });

  it('counts working time only on a business calendar', () => {
    const office: BusinessCalendar = {
      timeZone: 'Asia/Shanghai',
      weeklyHours: [1, 2, 3, 4, 5].map((day) => ({ day: day as 1 | 2 | 3 | 4 | 5, start: '09:00', end: '18:00' })),
      holidays: [],
    };
    const friday1700 = DateTime.fromISO('2026-05-08T17:00', { zone: 'Asia/Shanghai' }).toMillis();
    const monday1000 = DateTime.fromISO('2026-05-11T10:00', { zone: 'Asia/Shanghai' }).toMillis();
    const clock = startClock(friday1700);
    expect(countedAt(clock, office, monday1000)).toBe(2 * H);
    expect(pauseClock(clock, office, monday1000).countedMs).toBe(2 * H);
  });

  it.each(
    CASE_STATUSES.map((status) => ({
      status,
      byDefault: !['resolved', 'confirmed', 'closed'].includes(status),
      pausing: !['resolved', 'confirmed', 'closed', 'waiting_customer'].includes(status),
    })),
  )('$status: runs by default $byDefault, with the pause rule $pausing', ({ status, byDefault, pausing }) => {
    expect(shouldClockRun(status, DEFAULT_POLICY)).toBe(byDefault);
    expect(shouldClockRun(status, PAUSING)).toBe(pausing);
  });

  describe('across transitions', () => {
    const walk = (policy: EscalationPolicy, steps: [CaseStatus, number][]) => {
      let clock = startClock(T0);
      let status: CaseStatus = 'new';
      for (const [to, atHours] of steps) {
        clock = clockAfterTransition(clock, ALWAYS_OPEN, policy, status, to, T0 + atHours * H);
        status = to;
      }
      return clock;
    };

    it('resolving stops the clock, reopening restarts it', () => {
      const clock = walk(DEFAULT_POLICY, [
        ['in_progress', 0.5],
        ['resolved', 2],
        ['confirmed', 3],
        ['closed', 4],
        ['in_progress', 10],
      ]);
      expect(clock).toEqual({ countedMs: 2 * H, runningSince: T0 + 10 * H });
      expect(countedAt(clock, ALWAYS_OPEN, T0 + 12 * H)).toBe(4 * H);
    });

    it('waiting on the customer keeps the clock running by default', () => {
      const clock = walk(DEFAULT_POLICY, [
        ['diagnosing', 1],
        ['waiting_customer', 2],
        ['in_progress', 6],
      ]);
      expect(clock).toEqual({ countedMs: 0, runningSince: T0 });
    });

    it('waiting on the customer pauses the clock when the policy says so, waiting on a vendor does not', () => {
      const clock = walk(PAUSING, [
        ['diagnosing', 1],
        ['waiting_customer', 2],
        ['waiting_vendor', 5],
        ['waiting_customer', 7],
        ['in_progress', 8],
      ]);
      // counted 0–2 and 5–7; running again from 8
      expect(clock).toEqual({ countedMs: 4 * H, runningSince: T0 + 8 * H });
    });

    it('resolving while waiting on the customer keeps the clock paused without counting twice', () => {
      const clock = walk(PAUSING, [
        ['diagnosing', 1],
        ['waiting_customer', 2],
        ['resolved', 5],
        ['in_progress', 9],
      ]);
      expect(clock).toEqual({ countedMs: 2 * H, runningSince: T0 + 9 * H });
    });
  });
});
