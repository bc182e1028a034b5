import { describe, expect, it } from 'vitest';
import { calendarDateIn } from '../calendar/business-calendar.js';
import { addCalendarDays, contractCoverage, contractCoversProduct, guaranteeActive, RENEWAL_WINDOW_DAYS } from './coverage.js';

describe('contract coverage and guarantee by calendar day', () => {
  const contract = { startsAt: '2026-01-01', endsAt: '2026-12-31' };

  it.each([
    ['2025-12-31', false, false],
    ['2026-01-01', true, false],
    ['2026-10-31', true, false],
    ['2026-11-01', true, true],
    ['2026-12-31', true, true],
    ['2027-01-01', false, false],
  ])('on %s the contract is in force: %s, ends soon: %s', (today, inForce, endsSoon) => {
    expect(contractCoverage(contract, today)).toEqual({ inForce, endsSoon });
  });

  it('counts the renewal window in whole days across month and year ends', () => {
    expect(RENEWAL_WINDOW_DAYS).toBe(60);
    expect(addCalendarDays('2026-12-15', 60)).toBe('2027-02-13');
    expect(addCalendarDays('2028-02-28', 1)).toBe('2028-02-29');
  });

  it('keeps the guarantee through its last day', () => {
    expect(guaranteeActive('2026-06-30', '2026-06-30')).toBe(true);
    expect(guaranteeActive('2026-06-30', '2026-07-01')).toBe(false);
    expect(guaranteeActive(null, '2026-07-01')).toBe(false);
  });

  it("reads the day in the company's time zone, not in UTC", () => {
    const instant = new Date('2026-06-30T17:30:00Z');
    expect(calendarDateIn(instant, 'Asia/Shanghai')).toBe('2026-07-01');
    expect(calendarDateIn(instant, 'UTC')).toBe('2026-06-30');
    expect(calendarDateIn(instant, 'America/Los_Angeles')).toBe('2026-06-30');
    expect(calendarDateIn(instant, 'Not/AZone')).toBe('2026-06-30');
  });

  it('covers a product named by its project or its serial number in any letter case, or the whole organisation', () => {
    const product = { projectId: 'p1', serialNumber: 'FOC2231X0AB' };
    const none = { coversWholeOrganization: false, projectIds: [], assetSerials: [] };
    expect(contractCoversProduct({ ...none, coversWholeOrganization: true }, product)).toBe(true);
    expect(contractCoversProduct({ ...none, projectIds: ['p1'] }, product)).toBe(true);
    expect(contractCoversProduct({ ...none, assetSerials: ['foc2231x0ab'] }, product)).toBe(true);
    expect(contractCoversProduct({ ...none, projectIds: ['p2'], assetSerials: ['FOC2231X0AC'] }, product)).toBe(false);
    expect(contractCoversProduct({ ...none, projectIds: ['p1'] }, { ...product, projectId: null })).toBe(false);
  });
});
