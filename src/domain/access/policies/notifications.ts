import { can, type Actor } from '../permissions.js';

/** What the policy needs of an in-app notification: whom it is for. */
export interface NotificationRecord {
  userId: string;
}

/** An in-app notification is its recipient's alone: nobody else reads it or marks it read, an admin neither. */
export function mayReadNotification(actor: Actor, record: NotificationRecord): boolean {
  return can(actor, 'notifications.own') && actor.userId === record.userId;
}

/**
 * Whose notifications the actor's list, unread count and "mark read" reach: their own (the query is narrowed to
 * them, so someone else's notification is not found); `null` for an actor who holds none.
 */
export function notificationScope(actor: Actor): NotificationRecord | null {
  return can(actor, 'notifications.own') ? { userId: actor.userId } : null;
}

/**
 * Whose notification preferences the actor reads and sets: their own, for staff (the kinds are all staff work; a
 * customer hears of their cases by mail to their contact address); `null` for anyone else.
 */
export function notificationPreferencesScope(actor: Actor): NotificationRecord | null {
  return can(actor, 'notifications.preferences') ? { userId: actor.userId } : null;
}

/** The outgoing mail (the outbox, with addresses and bodies): managers and admins. */
export function mayReadOutbox(actor: Actor): boolean {
  return can(actor, 'outbox.read');
}

/** Sending a failed mail again: managers and admins. */
export function mayRetryOutboxMessage(actor: Actor): boolean {
  return can(actor, 'outbox.retry');
}
