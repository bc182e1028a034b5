import { describe, expect, it } from 'vitest';
import type { Actor } from '../permissions.js';
import { ROLES, type Role } from '../roles.js';
import { mayReadBackups } from './backups.js';

const actor = (role: Role): Actor => ({ userId: `user-${role}`, role, organizationId: role === 'customer' ? 'org-own' : null });

describe('backups policy (actor × action → allowed)', () => {
  const WHO_MAY: Record<string, [(actor: Actor) => boolean, Role[]]> = {
    'read the backup schedule, the last run and the backups kept': [mayReadBackups, ['admin']],
  };
  const cells = Object.entries(WHO_MAY).flatMap(([action, [, roles]]) =>
    ROLES.map((role) => [role, action, roles.includes(role)] as const),
  );
  it.each(cells)('%s: %s → %s', (role, action, allowed) => {
    expect(WHO_MAY[action]![0](actor(role))).toBe(allowed);
  });
});
