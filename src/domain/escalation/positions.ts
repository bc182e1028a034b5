// Ordered by seniority, which is also the order in which the seed's ladders climb.
export const ESCALATION_POSITIONS = ['department-manager', 'operation-center-gm', 'vp-in-charge', 'president'] as const;
export type EscalationPosition = (typeof ESCALATION_POSITIONS)[number];

export function isEscalationPosition(value: unknown): value is EscalationPosition {
  return (ESCALATION_POSITIONS as readonly unknown[]).includes(value);
}

/** The positions held per department (its manager, its vice-president in charge); the others are company-wide. */
export const DEPARTMENT_POSITIONS = ['department-manager', 'vp-in-charge'] as const satisfies readonly EscalationPosition[];
export type DepartmentPosition = (typeof DEPARTMENT_POSITIONS)[number];
export const COMPANY_POSITIONS = ['operation-center-gm', 'president'] as const satisfies readonly EscalationPosition[];

export function isDepartmentPosition(position: EscalationPosition): position is DepartmentPosition {
  return (DEPARTMENT_POSITIONS as readonly EscalationPosition[]).includes(position);
}
