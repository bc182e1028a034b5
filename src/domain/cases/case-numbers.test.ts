import { describe, expect, it } from 'vitest';
import { CASE_NUMBER_PLACEHOLDER, caseNumber, caseNumberPrefix, withCaseNumber } from './case-numbers.js';

describe('case numbers', () => {
  it('reads C-<year>-<six digits>, growing past a million cases instead of wrapping', () => {
    expect(caseNumberPrefix(2026)).toBe('C-2026-');
    expect(caseNumber(2026, 1)).toBe('C-2026-000001');
    expect(caseNumber(2026, 999_999)).toBe('C-2026-999999');
    expect(caseNumber(2026, 1_000_000)).toBe('C-2026-1000000');
  });

  it('puts the number where the placeholder stood in text prepared before the case was written', () => {
    expect(withCaseNumber(`[${CASE_NUMBER_PLACEHOLDER}] Case ${CASE_NUMBER_PLACEHOLDER} logged`, 'C-2026-000042')).toBe(
      '[C-2026-000042] Case C-2026-000042 logged',
    );
    expect(withCaseNumber('no number here', 'C-2026-000042')).toBe('no number here');
  });
});
