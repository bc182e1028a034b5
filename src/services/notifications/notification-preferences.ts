import type { Actor } from '../../domain/access/permissions.js';
import { notificationPreferencesScope } from '../../domain/access/policies/notifications.js';
import {
  NOTIFICATION_KINDS,
  preferencesOf,
  type NotificationChannel,
  type NotificationKind,
  type NotificationPreferences,
} from '../../domain/notifications/notification-kinds.js';
import type { Executor } from '../../storage/db.js';
import { listPreferencesOfUsers, savePreferences } from '../../storage/repositories/notification-preferences.js';
import type { ServiceContext } from '../context.js';
import { enqueueMail, type OutgoingMail } from './enqueue-mail.js';
import { notifyUser, type InAppNotification } from './notify-user.js';
import { forbidden } from '../errors.js';

/** Each user's full preferences (set kinds over the defaults), read in the caller's transaction. */
export async function preferencesOfUsers(executor: Executor, userIds: readonly string[]): Promise<Map<string, NotificationPreferences>> {
  const stored = await listPreferencesOfUsers(executor, userIds);
  return new Map(userIds.map((userId) => [userId, preferencesOf(stored.filter((choice) => choice.userId === userId))]));
}

/** Whether this user wants this kind on this channel. */
export function wants(
  preferences: Map<string, NotificationPreferences>,
  userId: string,
  kind: NotificationKind,
  channel: NotificationChannel,
): boolean {
  return preferences.get(userId)?.[kind][channel] ?? false;
}

export async function getMyNotificationPreferences(context: ServiceContext, actor: Actor): Promise<NotificationPreferences> {
  const scope = notificationPreferencesScope(actor);
  if (!scope) throw forbidden();
  return (await preferencesOfUsers(context.storage.db, [scope.userId])).get(scope.userId)!;
}

/** Changes the kinds given (each channel given or kept); answers the user's full preferences. */
export async function updateMyNotificationPreferences(
  context: ServiceContext,
  actor: Actor,
  changes: Partial<Record<NotificationKind, Partial<Record<NotificationChannel, boolean>>>>,
): Promise<NotificationPreferences> {
  const scope = notificationPreferencesScope(actor);
  if (!scope) throw forbidden();
  return context.storage.transaction(async (trx) => {
    const current = (await preferencesOfUsers(trx, [scope.userId])).get(scope.userId)!;
    const choices = NOTIFICATION_KINDS.filter((kind) => changes[kind] !== undefined).map((kind) => ({
      kind,
      inApp: changes[kind]!.inApp ?? current[kind].inApp,
      email: changes[kind]!.email ?? current[kind].email,
    }));
    await savePreferences(trx, scope.userId, choices, context.clock.now().toISOString());
    return (await preferencesOfUsers(trx, [scope.userId])).get(scope.userId)!;
  });
}

/**
 * Tells one user of something of this kind on the channels they chose: the mail through the outbox, the notice in
 * the app, both in the caller's transaction (the event's).
 */
export async function tellAsChosen(
  executor: Executor,
  context: ServiceContext,
  kind: NotificationKind,
  told: { mail: OutgoingMail; notification: InAppNotification },
): Promise<void> {
  const userId = told.notification.userId;
  const preferences = await preferencesOfUsers(executor, [userId]);
  if (wants(preferences, userId, kind, 'email')) await enqueueMail(executor, context, told.mail);
  if (wants(preferences, userId, kind, 'inApp')) await notifyUser(executor, context, told.notification);
}
