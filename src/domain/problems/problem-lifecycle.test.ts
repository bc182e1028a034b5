import { describe, expect, it } from 'vitest';
import {
  checkProblemTransition,
  closingBlockedByActions,
  isActionOverdue,
  PROBLEM_STATUSES,
  type ProblemStatus,
} from './problem-lifecycle.js';

const ALLOWED: [ProblemStatus, ProblemStatus][] = [
  ['open', 'analysing'],
  ['analysing', 'known_error'],
  ['analysing', 'resolved'],
  ['known_error', 'resolved'],
  ['known_error', 'analysing'],
  ['resolved', 'closed'],
  ['resolved', 'analysing'],
];

describe('problem lifecycle', () => {
  const cells = PROBLEM_STATUSES.flatMap((from) => PROBLEM_STATUSES.map((to) => [from, to] as const));
  it.each(cells)('%s → %s', (from, to) => {
    const expected = ALLOWED.some(([a, b]) => a === from && b === to);
    expect(checkProblemTransition(from, to).ok).toBe(expected);
  });

  it('a refusal names what is allowed instead', () => {
    expect(checkProblemTransition('open', 'closed')).toEqual({ ok: false, allowed: ['analysing'] });
    expect(checkProblemTransition('closed', 'open')).toEqual({ ok: false, allowed: [] });
  });

  it('an action is overdue from the day after its due date until it is done', () => {
    expect(isActionOverdue({ dueOn: '2026-03-10', done: false }, '2026-03-10')).toBe(false);
    expect(isActionOverdue({ dueOn: '2026-03-10', done: false }, '2026-03-11')).toBe(true);
    expect(isActionOverdue({ dueOn: '2026-03-10', done: true }, '2026-03-11')).toBe(false);
  });

  it('closing waits for the preventive actions; other moves do not', () => {
    expect(closingBlockedByActions('closed', 1)).toBe(true);
    expect(closingBlockedByActions('closed', 0)).toBe(false);
    expect(closingBlockedByActions('resolved', 2)).toBe(false);
  });
});
