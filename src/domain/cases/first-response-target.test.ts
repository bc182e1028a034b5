import { describe, expect, it } from 'vitest';
import type { BusinessCalendar } from '../calendar/business-calendar.js';
import {
  dueAfterLevelChange,
  firstResponseCountsFrom,
  firstResponseDueAt,
  firstResponseOutcome,
  firstResponseWorkingMs,
  highestPosition,
  resolutionWorkingMs,
  workingMinutes,
} from './first-response-target.js';

const OFFICE: BusinessCalendar = {
  timeZone: 'Asia/Shanghai',
  weeklyHours: ([1, 2, 3, 4, 5] as const).map((day) => ({ day, start: '09:00', end: '18:00' })),
  holidays: [],
};
const policy = { calendar: OFFICE, firstResponseMinutes: { 1: 15, 2: 30, 3: 120, 4: 480 } };
// Friday 2026-11-20 19:30 in Shanghai, after closing.
const fridayEvening = Date.parse('2026-11-20T11:30:00Z');

describe('first-response target on a business calendar', () => {
  it('a case received Friday evening is due Monday morning, within the level’s working minutes', () => {
    const due = firstResponseDueAt(policy, 2, fridayEvening);
    expect(new Date(due).toISOString()).toBe('2026-11-23T01:30:00.000Z'); // Monday 09:30 Shanghai
    const mondayAnswer = '2026-11-23T01:20:00.000Z';
    expect(firstResponseOutcome({ dueAt: new Date(due).toISOString(), respondedAt: mondayAnswer, resolvedAt: null }, due + 1).state).toBe(
      'met',
    );
  });

  it('is breached at the due instant when nobody answered, and late answers stay breached', () => {
    const dueAt = '2026-11-23T01:30:00.000Z';
    const due = Date.parse(dueAt);
    expect(firstResponseOutcome({ dueAt, respondedAt: null, resolvedAt: null }, due - 60_000)).toEqual({
      state: 'pending',
      dueAt,
      minutesLeft: 1,
    });
    expect(firstResponseOutcome({ dueAt, respondedAt: dueAt, resolvedAt: null }, due + 1).state).toBe('met');
    expect(firstResponseOutcome({ dueAt, respondedAt: null, resolvedAt: null }, due + 1)).toEqual({
      state: 'breached',
      dueAt,
      breachedAt: dueAt,
      respondedAt: null,
    });
    expect(firstResponseOutcome({ dueAt, respondedAt: '2026-11-23T02:00:00.000Z', resolvedAt: null }, due + 1).state).toBe('breached');
    expect(firstResponseOutcome({ dueAt: null, respondedAt: null, resolvedAt: null }, due).state).toBe('none');
  });

  it('a level change before the response counts the new level’s target from the same start; after it, nothing changes', () => {
    const from = Date.parse('2026-11-23T01:00:00Z'); // Monday 09:00
    expect(new Date(dueAfterLevelChange(policy, { level: 1, countsFromMs: from, respondedAtMs: null })!).toISOString()).toBe(
      '2026-11-23T01:15:00.000Z',
    );
    expect(new Date(dueAfterLevelChange(policy, { level: 4, countsFromMs: from, respondedAtMs: null })!).toISOString()).toBe(
      '2026-11-23T09:00:00.000Z',
    );
    expect(dueAfterLevelChange(policy, { level: 1, countsFromMs: from, respondedAtMs: from + 1 })).toBeNull();
  });

  it('counts from a later clock start only while nothing has been counted', () => {
    expect(firstResponseCountsFrom(1_000, { countedMs: 0, runningSince: 5_000 })).toBe(5_000);
    expect(firstResponseCountsFrom(1_000, { countedMs: 10, runningSince: 5_000 })).toBe(1_000);
    expect(firstResponseCountsFrom(1_000, { countedMs: 0, runningSince: null })).toBe(1_000);
  });

  it('resolution time counts business minutes only', () => {
    // Friday 19:30 to Monday 10:00: one working hour.
    expect(workingMinutes(resolutionWorkingMs(OFFICE, fridayEvening, Date.parse('2026-11-23T02:00:00Z')))).toBe(60);
  });

  it('time to first response counts business minutes only', () => {
    // Received Friday 17:30 Shanghai (09:30Z), answered Monday 09:15 (01:15Z): 30 minutes on Friday, 15 on Monday.
    const fridayLate = Date.parse('2026-11-20T09:30:00Z');
    expect(workingMinutes(firstResponseWorkingMs(OFFICE, fridayLate, Date.parse('2026-11-23T01:15:00Z')))).toBe(45);
    // Answered at once, or on Saturday: nothing counted.
    expect(firstResponseWorkingMs(OFFICE, fridayLate, fridayLate)).toBe(0);
    expect(firstResponseWorkingMs(OFFICE, fridayEvening, Date.parse('2026-11-21T03:00:00Z'))).toBe(0);
  });

  it('the highest step follows the ladder’s order', () => {
    expect(highestPosition([])).toBeNull();
    expect(highestPosition(['operation-center-gm', 'department-manager'])).toBe('operation-center-gm');
  });
});
