export const CASE_LEVELS = [1, 2, 3, 4] as const;
export type CaseLevel = (typeof CASE_LEVELS)[number];

export type CaseKind = 'fault' | 'request';

export type FaultClass = 'emergent' | 'major' | 'minor';

export function isCaseLevel(value: unknown): value is CaseLevel {
  return (CASE_LEVELS as readonly unknown[]).includes(value);
}

// Level 4 is "information or support", which is a service request rather than a fault;
// staff may still override the kind on a case, so this is only the default.
export function defaultKindForLevel(level: CaseLevel): CaseKind {
  return level === 4 ? 'request' : 'fault';
}

// The seed maps classes to levels only approximately (≈); CaseDesk makes the mapping exact
// so the response plan is always derivable from the level.
export function faultClassForLevel(level: CaseLevel): FaultClass | null {
  switch (level) {
    case 1:
      return 'emergent';
    case 2:
      return 'major';
    case 3:
      return 'minor';
    case 4:
      return null;
  }
}

// The definitions are shown to customers in their language, so only the catalog key lives here.
export function levelDefinitionKey(level: CaseLevel): `level.${CaseLevel}.definition` {
  return `level.${level}.definition`;
}
