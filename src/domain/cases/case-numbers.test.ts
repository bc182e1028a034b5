import { describe, expect, it } from 'vitest';
import { caseNumber, caseNumberPrefix } from './case-numbers.js';

describe('case numbers', () => {
  it('reads C-<year>-<six digits>, growing past a million cases instead of wrapping', () => {
    expect(caseNumberPrefix(2026)).toBe('C-2026-');
    expect(caseNumber(2026, 1)).toBe('C-2026-000001');
    expect(caseNumber(2026, 999_999)).toBe('C-2026-999999');
    expect(caseNumber(2026, 1_000_000)).toBe('C-2026-1000000');
  });
});
