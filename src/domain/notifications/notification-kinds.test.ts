import { describe, expect, it } from 'vitest';
import { audienceOf, caseAudienceRule, DEFAULT_PREFERENCES, NOTIFICATION_KINDS, preferencesOf } from './notification-kinds.js';

describe('notification kinds and who hears of a case event', () => {
  it('every kind has a default for both channels; a department-wide kind is not mailed until asked for', () => {
    expect(Object.keys(DEFAULT_PREFERENCES).sort()).toEqual([...NOTIFICATION_KINDS].sort());
    expect(DEFAULT_PREFERENCES['new-unassigned-case']).toEqual({ inApp: true, email: false });
    expect(DEFAULT_PREFERENCES['case-assigned']).toEqual({ inApp: true, email: true });
  });

  it('a user’s choices lie over the defaults; unknown kinds stored by a later version are ignored', () => {
    const preferences = preferencesOf([
      { kind: 'escalation', inApp: false, email: true },
      { kind: 'no-such-kind', inApp: false, email: false },
    ]);
    expect(preferences.escalation).toEqual({ inApp: false, email: true });
    expect(preferences['case-reopened']).toEqual(DEFAULT_PREFERENCES['case-reopened']);
    expect(Object.keys(preferences)).toHaveLength(NOTIFICATION_KINDS.length);
  });

  it('never tells the actor, a disabled user, a customer, or anyone twice', () => {
    const candidates = [
      { userId: 'actor', role: 'secretary' as const, active: true },
      { userId: 'gone', role: 'executive' as const, active: false },
      { userId: 'customer', role: 'customer' as const, active: true },
      { userId: 'eli', role: 'executive' as const, active: true },
      { userId: 'eli', role: 'executive' as const, active: true },
    ];
    expect(audienceOf(candidates, 'actor').map((candidate) => candidate.userId)).toEqual(['eli']);
    expect(audienceOf(candidates, null).map((candidate) => candidate.userId)).toEqual(['actor', 'eli']);
  });

  it('concerns the assignee, or while there is none, the department’s secretaries and engineers', () => {
    expect(caseAudienceRule('eli')).toEqual({ assignee: 'eli' });
    expect(caseAudienceRule(null)).toEqual({ department: ['secretary', 'executive', 'expert'] });
  });
});
