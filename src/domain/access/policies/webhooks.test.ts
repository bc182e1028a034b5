import { describe, expect, it } from 'vitest';
import type { Actor } from '../permissions.js';
import { ROLES, type Role } from '../roles.js';
import { mayManageWebhooks } from './webhooks.js';

const actor = (role: Role): Actor => ({ userId: `user-${role}`, role, organizationId: role === 'customer' ? 'org-own' : null });

describe('webhooks policy (actor × action → allowed)', () => {
  const WHO_MAY: Record<string, [(actor: Actor) => boolean, Role[]]> = {
    'manage webhooks (add, list, change, remove, read deliveries, redeliver)': [mayManageWebhooks, ['admin']],
  };
  const cells = Object.entries(WHO_MAY).flatMap(([action, [, roles]]) =>
    ROLES.map((role) => [role, action, roles.includes(role)] as const),
  );
  it.each(cells)('%s: %s → %s', (role, action, allowed) => {
    expect(WHO_MAY[action]![0](actor(role))).toBe(allowed);
  });
});
