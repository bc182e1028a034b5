import { describe, it, expect } from 'vitest';
import { nextRecommendedStep, responsePlan } from './response-plan.js';

describe('response plan', () => {
  it('emergent (level 1): phone, remote and on-site all at once', () => {
    expect(responsePlan(1)).toEqual({
      faultClass: 'emergent',
      steps: [
        { action: 'phone', mode: 'immediate' },
        { action: 'remote', mode: 'immediate' },
        { action: 'onsite', mode: 'immediate' },
      ],
    });
  });

  it('major (level 2): phone / remote first, on-site if necessary', () => {
    expect(responsePlan(2)).toEqual({
      faultClass: 'major',
      steps: [
        { action: 'phone', mode: 'immediate' },
        { action: 'remote', mode: 'immediate' },
        { action: 'onsite', mode: 'if_necessary' },
      ],
    });
  });

  it('minor (level 3): phone, then remote, then on-site, in turn', () => {
    expect(responsePlan(3)).toEqual({
      faultClass: 'minor',
      steps: [
        { action: 'phone', mode: 'in_turn' },
        { action: 'remote', mode: 'in_turn' },
        { action: 'onsite', mode: 'in_turn' },
      ],
    });
  });

  it('request (level 4): phone / information only', () => {
    expect(responsePlan(4)).toEqual({ faultClass: null, steps: [{ action: 'phone', mode: 'immediate' }] });
  });

  it('returns a fresh plan each time', () => {
    const plan = responsePlan(1);
    plan.steps.length = 0;
    expect(responsePlan(1).steps).toHaveLength(3);
  });
});

describe('next recommended step', () => {
  it.each([
    { level: 3, done: [], authorised: false, expected: { action: 'phone', needsRemoteAuthorisation: false } },
    { level: 3, done: ['phone'], authorised: false, expected: { action: 'remote', needsRemoteAuthorisation: true } },
    { level: 3, done: ['phone'], authorised: true, expected: { action: 'remote', needsRemoteAuthorisation: false } },
    { level: 3, done: ['phone', 'remote'], authorised: true, expected: { action: 'onsite', needsRemoteAuthorisation: false } },
    { level: 3, done: ['phone', 'remote', 'onsite'], authorised: true, expected: null },
    // Done out of order (e.g. an engineer was already at the site): the earliest gap is recommended.
    { level: 3, done: ['onsite'], authorised: false, expected: { action: 'phone', needsRemoteAuthorisation: false } },
    { level: 1, done: ['phone'], authorised: false, expected: { action: 'remote', needsRemoteAuthorisation: true } },
    { level: 1, done: ['phone', 'remote'], authorised: true, expected: { action: 'onsite', needsRemoteAuthorisation: false } },
    { level: 2, done: ['phone', 'remote'], authorised: true, expected: { action: 'onsite', needsRemoteAuthorisation: false } },
    { level: 4, done: [], authorised: false, expected: { action: 'phone', needsRemoteAuthorisation: false } },
    { level: 4, done: ['phone'], authorised: false, expected: null },
    // Extra actions beyond the plan do not make a request recommend anything more.
    { level: 4, done: ['phone', 'remote'], authorised: true, expected: null },
  ] as const)('level $level after $done (authorised $authorised)', ({ level, done, authorised, expected }) => {
    expect(nextRecommendedStep(level, done, authorised)).toEqual(expected);
  });
});
