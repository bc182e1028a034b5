import { describe, expect, it } from 'vitest';
import { CASE_ACTS, isFirstResponse, type CaseAct } from './first-response.js';

describe('isFirstResponse', () => {
  // [act, by staff, counts as the first response]
  const table: [CaseAct, boolean, boolean][] = [
    ['public-reply', true, true],
    ['public-reply', false, false],
    ['service-action', true, true],
    ['visit-scheduled', true, true],
    ['visit-arrived', true, true],
    ['customer-contact-logged', true, true],
    ['customer-contact-logged', false, false],
    ['internal-note', true, false],
    ['status-change', true, false],
    ['status-change', false, false],
    ['assignment', true, false],
    ['level-change', true, false],
  ];

  it.each(table)('%s by staff=%s → %s', (act, byStaff, expected) => {
    expect(isFirstResponse({ act, byStaff, alreadyResponded: false })).toBe(expected);
  });

  it('every act is in the table', () => {
    expect(new Set(table.map(([act]) => act))).toEqual(new Set(CASE_ACTS));
  });

  it('nothing is the first response of a case already answered', () => {
    for (const act of CASE_ACTS) expect(isFirstResponse({ act, byStaff: true, alreadyResponded: true })).toBe(false);
  });
});
