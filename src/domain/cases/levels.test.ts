import { describe, it, expect } from 'vitest';
import { CASE_LEVELS, defaultKindForLevel, faultClassForLevel, isCaseLevel, levelDefinitionKey } from './levels.js';

describe('case levels', () => {
  it.each([
    [1, 'fault', 'emergent', 'level.1.definition'],
    [2, 'fault', 'major', 'level.2.definition'],
    [3, 'fault', 'minor', 'level.3.definition'],
    [4, 'request', null, 'level.4.definition'],
  ] as const)('level %i is a %s of class %s', (level, kind, faultClass, key) => {
    expect(defaultKindForLevel(level)).toBe(kind);
    expect(faultClassForLevel(level)).toBe(faultClass);
    expect(levelDefinitionKey(level)).toBe(key);
  });

  it('lists the four seed levels in order', () => {
    expect(CASE_LEVELS).toEqual([1, 2, 3, 4]);
  });

  it('recognises only the four levels', () => {
    for (const level of CASE_LEVELS) expect(isCaseLevel(level)).toBe(true);
    for (const other of [0, 5, '1', 1.5, null, undefined]) expect(isCaseLevel(other)).toBe(false);
  });
});
