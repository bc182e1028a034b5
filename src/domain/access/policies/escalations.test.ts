import { describe, expect, it } from 'vitest';
import type { Actor } from '../permissions.js';
import { ROLES, type Role } from '../roles.js';
import { acknowledgementRight, mayAcknowledgeStep, maySeeRecipients, rolesToldOfConfigurationAlerts } from './escalations.js';

const OWN = 'org-own';

function actor(role: Role, userId = `user-${role}`): Actor {
  return { userId, role, organizationId: role === 'customer' ? OWN : null };
}

describe('escalation policy: who may acknowledge an upgrading report', () => {
  // Each role once as a recipient of the step and once as someone it did not tell (a manager's step, say).
  const cells: [Role, 'told' | 'not told', 'recipient' | 'on-behalf' | null][] = [
    ['admin', 'told', 'recipient'],
    ['admin', 'not told', 'on-behalf'],
    ['manager', 'told', 'recipient'],
    ['manager', 'not told', null],
    ['expert', 'told', 'recipient'],
    ['expert', 'not told', null],
    ['executive', 'told', 'recipient'],
    ['executive', 'not told', null],
    ['secretary', 'told', 'recipient'],
    ['secretary', 'not told', null],
    ['customer', 'told', null],
    ['customer', 'not told', null],
  ];

  it('the table covers every role', () => {
    expect(new Set(cells.map(([role]) => role))).toEqual(new Set(ROLES));
  });

  it.each(cells)('%s, %s by the step → %s', (role, told, right) => {
    const subject = actor(role);
    const recipientUserIds = told === 'told' ? ['someone-else', subject.userId] : ['someone-else'];
    expect(acknowledgementRight(subject, { organizationId: OWN, recipientUserIds })).toBe(right);
    expect(mayAcknowledgeStep(subject, { organizationId: OWN, recipientUserIds })).toBe(right !== null);
  });

  it('nobody may acknowledge a step that told nobody (an unfilled position), an admin neither', () => {
    for (const role of ROLES) expect(acknowledgementRight(actor(role), { organizationId: OWN, recipientUserIds: [] })).toBeNull();
  });

  it.each(ROLES)('%s sees who was told: staff yes, a customer no', (role) => {
    expect(maySeeRecipients(actor(role))).toBe(role !== 'customer');
  });
});

describe('escalation policy: who is told of a configuration alert (role → told)', () => {
  const cells = ROLES.map((role) => [role, role === 'admin'] as const);
  it.each(cells)('%s → %s', (role, told) => {
    expect(rolesToldOfConfigurationAlerts().includes(role)).toBe(told);
  });
});
