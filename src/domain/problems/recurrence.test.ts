import { describe, expect, it } from 'vitest';
import { effectiveRecurrenceRules, nextProposalRound, patternKey, windowStart } from './recurrence.js';

describe('recurrence rules', () => {
  it('uses the defaults until an admin changes a rule', () => {
    expect(effectiveRecurrenceRules([])).toEqual([
      { id: 'serial-number', enabled: true, threshold: 3, windowDays: 90 },
      { id: 'model-at-customer', enabled: true, threshold: 5, windowDays: 30 },
    ]);
    const changed = { id: 'model-at-customer' as const, enabled: false, threshold: 4, windowDays: 10 };
    expect(effectiveRecurrenceRules([changed])[1]).toEqual(changed);
  });

  it('counts cases received after the start of the window', () => {
    expect(windowStart({ windowDays: 90 }, new Date('2026-04-01T00:00:00.000Z'))).toBe('2026-01-01T00:00:00.000Z');
  });

  it('keys a serial number regardless of letter case, a model by customer, vendor and name', () => {
    expect(patternKey({ rule: 'serial-number', serialNumber: 'foc123' })).toBe('serial-number:FOC123');
    expect(patternKey({ rule: 'model-at-customer', organizationId: 'o1', vendorId: 'v1', model: 'ISR 4331' })).toBe(
      'model-at-customer:o1:v1:ISR 4331',
    );
  });
});

describe('proposing a pattern (again)', () => {
  const at = '2026-03-10T00:00:00.000Z';
  const before = '2026-03-09T00:00:00.000Z';
  const after = '2026-03-11T00:00:00.000Z';
  it.each([
    ['never proposed', undefined, before, 1],
    ['open proposal', { round: 1, status: 'open' as const, settledAt: null }, after, null],
    ['accepted, problem still worked on', { round: 1, status: 'accepted' as const, settledAt: null }, after, null],
    ['dismissed, no new fault since', { round: 1, status: 'dismissed' as const, settledAt: at }, before, null],
    ['dismissed, a new fault logged since', { round: 1, status: 'dismissed' as const, settledAt: at }, after, 2],
    ['accepted, problem resolved, a new fault since', { round: 2, status: 'accepted' as const, settledAt: at }, after, 3],
  ])('%s → round %s', (_label, latest, latestCaseLoggedAt, expected) => {
    expect(nextProposalRound(latest, latestCaseLoggedAt)).toBe(expected);
  });
});
