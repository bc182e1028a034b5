import { describe, expect, it } from 'vitest';
import { daysText, hoursText } from './durations.js';

describe('durations in words', () => {
  it.each([
    [1, '1 hour'],
    [0.96, '1 hour'],
    [0, '0 hours'],
    [0.5, '0.5 hours'],
    [1.5, '1.5 hours'],
    [2, '2 hours'],
    [1234, '1,234 hours'],
  ])('English: %s hours → %s', (hours, expected) => {
    expect(hoursText('en', hours)).toBe(expected);
  });

  it.each([
    [1, '1 day'],
    [2, '2 days'],
    [90, '90 days'],
  ])('English: %s days → %s', (days, expected) => {
    expect(daysText('en', days)).toBe(expected);
  });

  it('Chinese has one form', () => {
    expect(hoursText('zh-CN', 1)).toBe('1 小时');
    expect(hoursText('zh-CN', 2.5)).toBe('2.5 小时');
    expect(daysText('zh-CN', 1)).toBe('1 天');
    expect(daysText('zh-CN', 90)).toBe('90 天');
  });
});
