import type { Actor } from '../../domain/access/permissions.js';
import type { Language } from '../../domain/access/roles.js';
import { storedWording, wordIn } from '../../i18n/wording.js';
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

/**
 * A user's own in-app notifications, newest first, with the unread count for the bell; each worded in the language
 * the user reads in now (`language`: their account's), whatever it was when the notification was written.
 */
export async function listMyNotifications(
  context: ServiceContext,
  actor: Actor,
  language: Language,
  query: { unread?: boolean | undefined; cursor?: string | undefined; limit: number },
): Promise<Page<NotificationRow> & { unreadCount: number }> {
  const scope = notificationScope(actor);
  if (!scope) return { items: [], nextCursor: null, unreadCount: 0 };
  const page = await pageById(query, (idPage) =>
    listNotificationsOfUser(context.storage.db, { userId: scope.userId, unreadOnly: query.unread === true, ...idPage }),
  );
  return {
    ...page,
    items: page.items.map((row) => wordedIn(language, row)),
    unreadCount: await countUnreadNotifications(context.storage.db, scope.userId),
  };
}

/** The notification in this language; one written before its wording was kept (or naming a text since gone) as written. */
function wordedIn(language: Language, row: NotificationRow): NotificationRow {
  const wording = storedWording(row.wording_json, ['title', 'body']);
  return wording ? { ...row, title: wordIn(language, wording.title), body: wordIn(language, wording.body) } : row;
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
