import { describe, expect, it } from 'vitest';
import { ROLES } from '../access/roles.js';
import { filterOfView, landingNeedsEscalatedCount, landingView, RECENTLY_CLOSED_DAYS } from './queue-views.js';

describe('landing view', () => {
  const none = { escalatedToMe: 0, hasDepartment: true };
  it.each([
    ['executive', none, 'mine'],
    ['executive', { escalatedToMe: 3, hasDepartment: true }, 'mine'],
    ['secretary', none, 'unassigned'],
    ['expert', none, 'mine'],
    ['manager', { escalatedToMe: 2, hasDepartment: true }, 'escalated-to-me'],
    ['manager', none, 'department'],
    ['manager', { escalatedToMe: 0, hasDepartment: false }, 'open'],
    ['admin', none, 'open'],
    ['customer', none, 'open'],
  ] as const)('%s with %o lands on %s', (role, facts, view) => {
    expect(landingView(role, facts)).toBe(view);
  });

  // Only a role whose landing view turns on its escalations has them counted first (role → counted).
  const counted = ROLES.map((role) => [role, role === 'manager'] as const);
  it.each(counted)('%s: escalations to the user are counted for the landing view → %s', (role, needed) => {
    expect(landingNeedsEscalatedCount(role)).toBe(needed);
  });
});

describe('what a view holds', () => {
  const me = { userId: 'u1', departmentId: 'd1' };
  const now = new Date('2026-03-31T00:00:00.000Z');
  it('recently closed reaches back a fixed number of days', () => {
    expect(filterOfView('recently-closed', me, now)).toEqual({
      kind: 'resolved-since',
      since: new Date(now.getTime() - RECENTLY_CLOSED_DAYS * 86_400_000).toISOString(),
    });
  });
  it('mine and unassigned are open cases by assignee', () => {
    expect(filterOfView('mine', me, now)).toEqual({ kind: 'assignee', userId: 'u1', open: true });
    expect(filterOfView('unassigned', me, now)).toEqual({ kind: 'assignee', userId: null, open: true });
    expect(filterOfView('department', me, now)).toEqual({ kind: 'department', departmentId: 'd1', open: true });
  });
});
