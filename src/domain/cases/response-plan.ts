import { type CaseLevel, type FaultClass, faultClassForLevel } from './levels.js';

export type ServiceActionType = 'phone' | 'remote' | 'onsite';

// immediate: start now, alongside the other immediate steps;
// in_turn: start only once the previous steps failed to clear the fault;
// if_necessary: only when the earlier steps could not clear it, at the engineer's judgement.
export type ResponseStepMode = 'immediate' | 'in_turn' | 'if_necessary';

export interface ResponseStep {
  action: ServiceActionType;
  mode: ResponseStepMode;
}

export interface ResponsePlan {
  faultClass: FaultClass | null;
  steps: ResponseStep[];
}

export interface RecommendedStep {
  action: ServiceActionType;
  needsRemoteAuthorisation: boolean;
}

const PLANS: Readonly<Record<FaultClass | 'request', readonly ResponseStep[]>> = {
  emergent: [
    { action: 'phone', mode: 'immediate' },
    { action: 'remote', mode: 'immediate' },
    { action: 'onsite', mode: 'immediate' },
  ],
  // "phone / remote first": both are opened straight away, the visit waits until they prove insufficient.
  major: [
    { action: 'phone', mode: 'immediate' },
    { action: 'remote', mode: 'immediate' },
    { action: 'onsite', mode: 'if_necessary' },
  ],
  minor: [
    { action: 'phone', mode: 'in_turn' },
    { action: 'remote', mode: 'in_turn' },
    { action: 'onsite', mode: 'in_turn' },
  ],
  request: [{ action: 'phone', mode: 'immediate' }],
};

export function responsePlan(level: CaseLevel): ResponsePlan {
  const faultClass = faultClassForLevel(level);
  return {
    faultClass,
    steps: PLANS[faultClass ?? 'request'].map((step) => ({ ...step })),
  };
}

// Remote is still recommended without authorisation, flagged, so the case view prompts staff
// to obtain it from the customer instead of silently skipping ahead to a costlier on-site visit.
export function nextRecommendedStep(
  level: CaseLevel,
  doneActions: readonly ServiceActionType[],
  remoteAuthorised: boolean,
): RecommendedStep | null {
  const next = responsePlan(level).steps.find((step) => !doneActions.includes(step.action));
  if (next === undefined) return null;
  return {
    action: next.action,
    needsRemoteAuthorisation: next.action === 'remote' && !remoteAuthorised,
  };
}
