import { describe, expect, it } from 'vitest';
import { hoursOf, minutesOf, nearestRank, percentOf } from './report-filter.js';

describe('report figures', () => {
  it('ranks percentiles by nearest rank', () => {
    expect([1, 2, 3, 10].map((count) => nearestRank(count, 50))).toEqual([1, 1, 2, 5]);
    expect([1, 2, 3, 10].map((count) => nearestRank(count, 90))).toEqual([1, 2, 3, 9]);
  });

  it('rounds minutes to one decimal, hours to two, shares to one decimal percent; nothing stays null', () => {
    expect(minutesOf(90_000)).toBe(1.5);
    expect(minutesOf(null)).toBeNull();
    expect(hoursOf(3_000_000)).toBe(0.83);
    expect(hoursOf(null)).toBeNull();
    expect(percentOf(1, 3)).toBe(33.3);
    expect(percentOf(2, 2)).toBe(100);
    expect(percentOf(0, 0)).toBeNull();
  });
});
