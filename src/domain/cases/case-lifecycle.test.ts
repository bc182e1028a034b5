import { describe, it, expect } from 'vitest';
import {
  CASE_STATUSES,
  type CaseStatus,
  allowedTransitions,
  checkTransition,
  isOpenStatus,
  isReopen,
  isResolvedStatus,
} from './case-lifecycle.js';

// Written out independently of the implementation's table so a typo in either shows up.
const EXPECTED: Record<CaseStatus, CaseStatus[]> = {
  new: ['assigned', 'diagnosing', 'in_progress', 'resolved'],
  assigned: ['diagnosing', 'in_progress', 'resolved'],
  diagnosing: ['in_progress', 'waiting_customer', 'waiting_vendor', 'resolved'],
  in_progress: ['waiting_customer', 'waiting_vendor', 'resolved', 'diagnosing'],
  waiting_customer: ['in_progress', 'resolved', 'waiting_vendor'],
  waiting_vendor: ['in_progress', 'resolved', 'waiting_customer'],
  resolved: ['confirmed', 'closed', 'in_progress'],
  confirmed: ['closed', 'in_progress'],
  closed: ['in_progress'],
};

const PAIRS = CASE_STATUSES.flatMap((from) => CASE_STATUSES.map((to) => ({ from, to, allowed: EXPECTED[from].includes(to) })));

describe('case lifecycle', () => {
  it('covers all 81 pairs', () => {
    expect(PAIRS).toHaveLength(81);
  });

  it.each(PAIRS)('$from → $to allowed=$allowed', ({ from, to, allowed }) => {
    const result = checkTransition(from, to);
    if (allowed) {
      expect(result).toEqual({ ok: true });
    } else {
      expect(result).toEqual({ ok: false, allowed: EXPECTED[from] });
    }
  });

  it.each(CASE_STATUSES)('allowedTransitions(%s) matches the table', (from) => {
    expect(new Set(allowedTransitions(from))).toEqual(new Set(EXPECTED[from]));
  });

  it('hands out copies so callers cannot corrupt the table', () => {
    allowedTransitions('closed').push('new');
    expect(allowedTransitions('closed')).toEqual(['in_progress']);
  });

  it('never allows staying in the same status', () => {
    for (const s of CASE_STATUSES) expect(checkTransition(s, s).ok).toBe(false);
  });

  it.each([
    ['new', false],
    ['assigned', false],
    ['diagnosing', false],
    ['in_progress', false],
    ['waiting_customer', false],
    ['waiting_vendor', false],
    ['resolved', true],
    ['confirmed', true],
    ['closed', true],
  ] as const)('%s is resolved: %s', (status, resolved) => {
    expect(isResolvedStatus(status)).toBe(resolved);
    expect(isOpenStatus(status)).toBe(!resolved);
  });

  it('recognises exactly the reopen transitions', () => {
    const reopens = PAIRS.filter(({ from, to }) => isReopen(from, to)).map(({ from, to }) => `${from}→${to}`);
    expect(reopens.sort()).toEqual(['closed→in_progress', 'confirmed→in_progress', 'resolved→in_progress']);
  });
});
