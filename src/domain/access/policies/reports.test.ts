import { describe, expect, it } from 'vitest';
import type { Actor } from '../permissions.js';
import { ROLES, type Role } from '../roles.js';
import { mayReadRepeatFaultReport } from './reports.js';

/** Who reads the repeat-fault report; a customer never does, whatever organisation they belong to. */
const READERS: readonly Role[] = ['admin', 'manager', 'expert'];

describe('repeat-fault report policy (role → may read)', () => {
  it.each(ROLES.map((role) => [role, READERS.includes(role)] as const))('%s → %s', (role, allowed) => {
    const actor: Actor = { userId: `user-${role}`, role, organizationId: role === 'customer' ? 'org-own' : null };
    expect(mayReadRepeatFaultReport(actor)).toBe(allowed);
  });
});
