import { describe, expect, it } from 'vitest';
import { anniversary, checkAfter, checkInMonth, checkYear, nextCheckOn, yearlyCheckKey } from './yearly-checks.js';

describe('yearly checks', () => {
  it('falls on the anniversary of delivery, 28 February for a 29 February delivery in a common year', () => {
    expect(anniversary('2025-06-30', 1)).toBe('2026-06-30');
    expect(anniversary('2024-02-29', 1)).toBe('2025-02-28');
    expect(anniversary('2024-02-29', 4)).toBe('2028-02-29');
  });

  it('schedules the first check a year after delivery, never on the delivery day', () => {
    expect(nextCheckOn('2026-03-02', '2026-03-02')).toBe('2027-03-02');
    expect(nextCheckOn('2026-03-02', '2026-01-01')).toBe('2027-03-02');
  });

  it('continues after the guarantee: an old project gets the next anniversary on or after the day asked', () => {
    expect(nextCheckOn('2015-05-10', '2026-05-10')).toBe('2026-05-10');
    expect(nextCheckOn('2015-05-10', '2026-05-11')).toBe('2027-05-10');
    expect(nextCheckOn('2015-05-10', '2026-01-01')).toBe('2026-05-10');
  });

  it('moves to the following year after a check', () => {
    expect(checkAfter('2024-02-29', '2025-02-28')).toBe('2026-02-28');
    expect(checkAfter('2024-02-29', '2027-02-28')).toBe('2028-02-29');
    expect(checkYear('2024-02-29', '2027-02-28')).toBe(3);
  });

  it('finds the check of a month, and none in the delivery year or another month', () => {
    expect(checkInMonth('2024-04-15', '2026-04')).toBe('2026-04-15');
    expect(checkInMonth('2024-04-15', '2024-04')).toBeNull();
    expect(checkInMonth('2024-04-15', '2026-05')).toBeNull();
    expect(checkInMonth('2024-04-15', '2023-04')).toBeNull();
  });

  it('keys a check by project and day, the same on every instance', () => {
    expect(yearlyCheckKey('p1', '2026-04-15')).toBe('yearly-check:p1:2026-04-15');
  });
});
