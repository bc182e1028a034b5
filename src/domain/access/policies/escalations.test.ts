import { describe, expect, it } from 'vitest';
import type { Actor } from '../permissions.js';
import { ROLES, type Role } from '../roles.js';
import { mayAcknowledgeStep, maySeeRecipients } from './escalations.js';

const OWN = 'org-own';

function actor(role: Role, userId = `user-${role}`): Actor {
  return { userId, role, organizationId: role === 'customer' ? OWN : null };
}

describe('escalation policy: who may acknowledge an upgrading report', () => {
  // Each role once as a recipient of the step and once as someone it did not tell.
  const cells: [Role, 'told' | 'not told', boolean][] = ROLES.flatMap((role): [Role, 'told' | 'not told', boolean][] => [
    [role, 'told', role !== 'customer'],
    [role, 'not told', role === 'admin'],
  ]);

  it.each(cells)('%s, %s by the step → %s', (role, told, allowed) => {
    const subject = actor(role);
    const recipientUserIds = told === 'told' ? ['someone-else', subject.userId] : ['someone-else'];
    expect(mayAcknowledgeStep(subject, { organizationId: OWN, recipientUserIds })).toBe(allowed);
  });

  it('nobody but an admin may acknowledge a step that told nobody (an unfilled position)', () => {
    for (const role of ROLES) expect(mayAcknowledgeStep(actor(role), { organizationId: OWN, recipientUserIds: [] })).toBe(role === 'admin');
  });

  it.each(ROLES)('%s sees who was told: staff yes, a customer no', (role) => {
    expect(maySeeRecipients(actor(role))).toBe(role !== 'customer');
  });
});
