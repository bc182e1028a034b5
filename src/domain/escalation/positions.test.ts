import { describe, it, expect } from 'vitest';
import { ESCALATION_POSITIONS, isEscalationPosition } from './positions.js';

describe('escalation positions', () => {
  it('are the four positions of the seed, by seniority', () => {
    expect(ESCALATION_POSITIONS).toEqual(['department-manager', 'operation-center-gm', 'vp-in-charge', 'president']);
  });

  it('recognises only those', () => {
    for (const p of ESCALATION_POSITIONS) expect(isEscalationPosition(p)).toBe(true);
    for (const other of ['vendor', 'President', '', null]) expect(isEscalationPosition(other)).toBe(false);
  });
});
