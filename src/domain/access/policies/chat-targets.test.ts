import { describe, expect, it } from 'vitest';
import type { Actor } from '../permissions.js';
import { ROLES, type Role } from '../roles.js';
import { mayManageChatTargetsOf, type ChatTargetOwner } from './chat-targets.js';

const actor = (role: Role): Actor => ({ userId: `user-${role}`, role, organizationId: role === 'customer' ? 'org-own' : null });

describe('chat targets policy (actor × owner → may manage)', () => {
  const OWNERS: Record<string, [(role: Role) => ChatTargetOwner, Role[]]> = {
    'own target': [(role) => ({ userId: `user-${role}` }), ['admin', 'manager', 'expert', 'executive', 'secretary']],
    "another user's target": [() => ({ userId: 'user-someone-else' }), []],
    "a department position's target": [() => ({ position: 'department-manager' }), ['admin']],
    "a company position's target": [() => ({ position: 'president' }), ['admin']],
  };
  const cells = Object.entries(OWNERS).flatMap(([owner, [, roles]]) => ROLES.map((role) => [role, owner, roles.includes(role)] as const));
  it.each(cells)('%s × %s → %s', (role, owner, allowed) => {
    expect(mayManageChatTargetsOf(actor(role), OWNERS[owner]![0](role))).toBe(allowed);
  });
});
