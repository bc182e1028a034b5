import { describe, it, expect } from 'vitest';
import { COMPANY_POSITIONS, DEPARTMENT_POSITIONS, ESCALATION_POSITIONS, isDepartmentPosition, isEscalationPosition } from './positions.js';

describe('escalation positions', () => {
  it('are the four positions of the seed, by seniority', () => {
    expect(ESCALATION_POSITIONS).toEqual(['department-manager', 'operation-center-gm', 'vp-in-charge', 'president']);
  });

  it('recognises only those', () => {
    for (const p of ESCALATION_POSITIONS) expect(isEscalationPosition(p)).toBe(true);
    for (const other of ['vendor', 'President', '', null]) expect(isEscalationPosition(other)).toBe(false);
  });

  it('are held per department (manager, vice-president in charge) or company-wide, each position one or the other', () => {
    expect(ESCALATION_POSITIONS.filter(isDepartmentPosition)).toEqual(['department-manager', 'vp-in-charge']);
    expect([...DEPARTMENT_POSITIONS, ...COMPANY_POSITIONS].sort()).toEqual([...ESCALATION_POSITIONS].sort());
  });
});
