import { describe, expect, it } from 'vitest';
import { calendarDateIn } from '../calendar/business-calendar.js';
import {
  addCalendarDays,
  contractCoverage,
  contractCoversProduct,
  coveredThrough,
  guaranteeActive,
  mayEndContractOn,
  mayReactivateContract,
  RENEWAL_WINDOW_DAYS,
} from './coverage.js';

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

  it.each([
    ['2026-06-30', true, false],
    ['2026-07-01', false, false],
    ['2026-12-31', false, false],
  ])(
    'ended early from 2026-07-01, on %s it is in force: %s, ends soon: %s (a cancelled contract is not renewed)',
    (today, inForce, endsSoon) => {
      expect(contractCoverage({ ...contract, cancelledOn: '2026-07-01' }, today)).toEqual({ inForce, endsSoon });
    },
  );

  it('an early end stops coverage from its day; it cannot lie after the agreed end; reactivation only while the period runs', () => {
    expect(coveredThrough(contract)).toBe('2026-12-31');
    expect(coveredThrough({ ...contract, cancelledOn: '2026-03-01' })).toBe('2026-02-28');
    expect(coveredThrough({ ...contract, cancelledOn: '2026-01-01' })).toBe('2025-12-31');
    expect(mayEndContractOn(contract, '2026-12-31')).toBe(true);
    expect(mayEndContractOn(contract, '2027-01-01')).toBe(false);
    expect(mayReactivateContract({ ...contract, cancelledOn: '2026-03-01' }, '2026-12-31')).toBe(true);
    expect(mayReactivateContract({ ...contract, cancelledOn: '2026-03-01' }, '2027-01-01')).toBe(false);
    expect(mayReactivateContract(contract, '2026-06-01')).toBe(false);
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
