import type { Actor } from '../../domain/access/permissions.js';
import { notificationScope } from '../../domain/access/policies/notifications.js';
import {
  countUnreadNotifications,
  listNotificationsOfUser,
  markAllNotificationsRead,
  markNotificationRead,
  type NotificationRow,
} from '../../storage/repositories/notifications.js';
import type { Page } from '../../storage/repositories/pagination.js';
import { pageById } from '../paging.js';
import type { ServiceContext } from '../context.js';
import { notFound } from '../errors.js';

/** A user's own in-app notifications, newest first, with the unread count for the bell. */
export async function listMyNotifications(
  context: ServiceContext,
  actor: Actor,
  query: { unread?: boolean | undefined; cursor?: string | undefined; limit: number },
): Promise<Page<NotificationRow> & { unreadCount: number }> {
  const scope = notificationScope(actor);
  if (!scope) return { items: [], nextCursor: null, unreadCount: 0 };
  const page = await pageById(query, (idPage) =>
    listNotificationsOfUser(context.storage.db, { userId: scope.userId, unreadOnly: query.unread === true, ...idPage }),
  );
  return { ...page, unreadCount: await countUnreadNotifications(context.storage.db, scope.userId) };
}

export async function markMyNotificationRead(context: ServiceContext, actor: Actor, id: string): Promise<void> {
  // Someone else's notification does not exist for this user.
  const scope = notificationScope(actor);
  if (!scope || !(await markNotificationRead(context.storage.db, scope.userId, id, context.clock.now().toISOString())))
    throw notFound('notification', id);
}

export async function markAllMyNotificationsRead(context: ServiceContext, actor: Actor): Promise<number> {
  const scope = notificationScope(actor);
  return scope ? markAllNotificationsRead(context.storage.db, scope.userId, context.clock.now().toISOString()) : 0;
}
