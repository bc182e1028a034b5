import type { Insertable, Selectable } from 'kysely';
import type { Executor } from '../db.js';
import type { NotificationsTable } from '../schema.js';
import { inIdOrder, type IdPage } from './pagination.js';

export type NotificationRow = Selectable<NotificationsTable>;
export type NewNotification = NotificationsTable;

/** A repeated dedupe key is dropped, so a producer that runs twice still tells the user once. */
export async function insertNotification(executor: Executor, row: Insertable<NotificationsTable>): Promise<void> {
  await insertNotifications(executor, [row]);
}

export async function insertNotifications(executor: Executor, rows: readonly Insertable<NotificationsTable>[]): Promise<void> {
  if (rows.length === 0) return;
  await executor
    .insertInto('notifications')
    .values([...rows])
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .execute();
}

export async function findNotificationById(executor: Executor, id: string): Promise<NotificationRow | undefined> {
  return executor.selectFrom('notifications').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Newest first. */
export async function listNotificationsOfUser(
  executor: Executor,
  filter: { userId: string; unreadOnly?: boolean } & IdPage,
): Promise<NotificationRow[]> {
  let query = executor.selectFrom('notifications').selectAll().where('user_id', '=', filter.userId);
  if (filter.unreadOnly) query = query.where('read_at', 'is', null);
  return inIdOrder(query, 'id', filter, 'newest first').execute();
}

export async function countUnreadNotifications(executor: Executor, userId: string): Promise<number> {
  const row = await executor
    .selectFrom('notifications')
    .select((eb) => eb.fn.countAll().as('count'))
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Marks one notification of this user read; a read one keeps the time it was first read. */
export async function markNotificationRead(executor: Executor, userId: string, id: string, readAt: string): Promise<boolean> {
  const found = await executor
    .selectFrom('notifications')
    .select('id')
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (!found) return false;
  await executor
    .updateTable('notifications')
    .set({ read_at: readAt })
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .execute();
  return true;
}

export async function markAllNotificationsRead(executor: Executor, userId: string, readAt: string): Promise<number> {
  const result = await executor
    .updateTable('notifications')
    .set({ read_at: readAt })
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
