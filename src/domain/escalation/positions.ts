// Ordered by seniority, which is also the order in which the seed's ladders climb.
export const ESCALATION_POSITIONS = ['department-manager', 'operation-center-gm', 'vp-in-charge', 'president'] as const;
export type EscalationPosition = (typeof ESCALATION_POSITIONS)[number];

export function isEscalationPosition(value: unknown): value is EscalationPosition {
  return (ESCALATION_POSITIONS as readonly unknown[]).includes(value);
}
