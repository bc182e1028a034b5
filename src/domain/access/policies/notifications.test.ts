import { describe, expect, it } from 'vitest';
import type { Actor } from '../permissions.js';
import { ROLES, type Role } from '../roles.js';
import {
  mayReadNotification,
  mayReadOutbox,
  mayRetryOutboxMessage,
  notificationPreferencesScope,
  notificationScope,
} from './notifications.js';

const actor = (role: Role): Actor => ({ userId: `user-${role}`, role, organizationId: role === 'customer' ? 'org-own' : null });

describe('notification policy: whose notifications (actor × whose → allowed)', () => {
  const cells = ROLES.flatMap((role) => [[role, 'own', true] as const, [role, "someone else's", false] as const]);
  it.each(cells)('%s reading %s notification → %s', (role, whose, allowed) => {
    const subject = actor(role);
    expect(mayReadNotification(subject, { userId: whose === 'own' ? subject.userId : 'user-other' })).toBe(allowed);
  });

  it.each(ROLES)('%s: the list reaches exactly the own notifications', (role) => {
    expect(notificationScope(actor(role))).toEqual({ userId: `user-${role}` });
  });

  it.each(ROLES)("%s: notification preferences are staff members' own (a customer has none to choose)", (role) => {
    expect(notificationPreferencesScope(actor(role))).toEqual(role === 'customer' ? null : { userId: `user-${role}` });
  });
});

describe('notification policy: the outbox (actor × action → allowed)', () => {
  it.each(ROLES)('%s reads and retries outgoing mail only as manager or admin', (role) => {
    const allowed = role === 'admin' || role === 'manager';
    expect(mayReadOutbox(actor(role))).toBe(allowed);
    expect(mayRetryOutboxMessage(actor(role))).toBe(allowed);
  });
});
