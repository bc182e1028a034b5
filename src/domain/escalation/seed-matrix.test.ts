import { describe, it, expect } from 'vitest';
import { ALWAYS_OPEN } from '../calendar/business-calendar.js';
import {
  DEFAULT_POLICY,
  type EscalationPolicy,
  type PolicyStep,
  SEED_FIRST_RESPONSE_MINUTES,
  SEED_MATRIX,
  validatePolicy,
} from './seed-matrix.js';

describe('seed matrix', () => {
  it('is the seed table, cell by cell', () => {
    const table = SEED_MATRIX.map((s) => `${s.level} ${s.afterHours}h ${s.position}${s.vendorReport ? ' +vendor' : ''}`);
    expect(table).toEqual([
      '1 1h department-manager',
      '1 4h operation-center-gm +vendor',
      '1 24h vp-in-charge',
      '1 48h president',
      '2 4h department-manager',
      '2 24h operation-center-gm +vendor',
      '2 48h vp-in-charge',
      '2 72h president',
      '3 72h department-manager',
      '3 96h operation-center-gm',
      '4 96h department-manager',
    ]);
  });

  it('cannot be edited in place', () => {
    expect(Object.isFrozen(SEED_MATRIX)).toBe(true);
    expect(SEED_MATRIX.every((s) => Object.isFrozen(s))).toBe(true);
    expect(Object.isFrozen(DEFAULT_POLICY)).toBe(true);
  });

  it('first-response targets fall inside the first escalation step of each level', () => {
    for (const level of [1, 2, 3, 4] as const) {
      const first = Math.min(...SEED_MATRIX.filter((s) => s.level === level).map((s) => s.afterHours));
      expect(SEED_FIRST_RESPONSE_MINUTES[level]).toBeLessThan(first * 60);
    }
  });

  it('the default policy is the seed matrix on a 24×7 calendar without pausing', () => {
    expect(DEFAULT_POLICY.matrix).toBe(SEED_MATRIX);
    expect(DEFAULT_POLICY.calendar).toBe(ALWAYS_OPEN);
    expect(DEFAULT_POLICY.pauseWhileWaitingOnCustomer).toBe(false);
    expect(validatePolicy(DEFAULT_POLICY)).toEqual([]);
  });
});

describe('validatePolicy', () => {
  const withMatrix = (matrix: PolicyStep[]): EscalationPolicy => ({ ...DEFAULT_POLICY, matrix });

  it('accepts an empty matrix (no upgrading reports)', () => {
    expect(validatePolicy(withMatrix([]))).toEqual([]);
  });

  it('refuses one position twice in a level, but allows it in different levels', () => {
    expect(
      validatePolicy(
        withMatrix([
          { level: 1, afterHours: 1, position: 'department-manager', vendorReport: false },
          { level: 1, afterHours: 2, position: 'department-manager', vendorReport: false },
          { level: 2, afterHours: 2, position: 'department-manager', vendorReport: false },
        ]),
      ),
    ).toEqual(['matrix[1]: department-manager appears more than once for level 1']);
  });

  it('refuses non-positive hours and hours that do not increase within a level', () => {
    expect(
      validatePolicy(
        withMatrix([
          { level: 2, afterHours: 0, position: 'department-manager', vendorReport: false },
          { level: 2, afterHours: -3, position: 'vp-in-charge', vendorReport: false },
          { level: 2, afterHours: Number.NaN, position: 'president', vendorReport: false },
          { level: 1, afterHours: 4, position: 'department-manager', vendorReport: false },
          { level: 1, afterHours: 4, position: 'operation-center-gm', vendorReport: true },
          { level: 1, afterHours: 2, position: 'vp-in-charge', vendorReport: false },
        ]),
      ),
    ).toEqual([
      'matrix[0]: hours must be a positive number, got 0',
      'matrix[1]: hours must be a positive number, got -3',
      'matrix[2]: hours must be a positive number, got NaN',
      'matrix[4]: hours 4 for level 1 do not increase after 4',
      'matrix[5]: hours 2 for level 1 do not increase after 4',
    ]);
  });

  it('refuses unknown levels and positions', () => {
    const bad = [
      { level: 5, afterHours: 1, position: 'department-manager', vendorReport: false },
      { level: 1, afterHours: 1, position: 'ceo', vendorReport: false },
    ] as unknown as PolicyStep[];
    expect(validatePolicy(withMatrix(bad))).toEqual(['matrix[0]: unknown level 5', 'matrix[1]: unknown position "ceo"']);
  });

  it('checks first-response targets and the calendar', () => {
    expect(
      validatePolicy({
        ...DEFAULT_POLICY,
        firstResponseMinutes: { 1: 15, 2: 0, 3: 120, 4: 480 },
        calendar: { timeZone: 'UTC', weeklyHours: [], holidays: [] },
      }),
    ).toEqual([
      'first response target for level 2 must be a positive number of minutes, got 0',
      'calendar: no weekly hours: the calendar never opens',
    ]);
  });
});
