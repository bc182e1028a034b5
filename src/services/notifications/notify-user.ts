import type { Executor } from '../../storage/db.js';
import { insertNotification } from '../../storage/repositories/notifications.js';
import { newId, type ServiceContext } from '../context.js';

/** An in-app notification, written in the caller's transaction; the dedupe key makes a repeated producer harmless. */
export async function notifyUser(
  executor: Executor,
  context: ServiceContext,
  notification: {
    userId: string;
    kind: string;
    caseId: string | null;
    title: string;
    body: string;
    link: string | null;
    dedupeKey?: string;
  },
): Promise<void> {
  await insertNotification(executor, {
    id: newId(),
    user_id: notification.userId,
    kind: notification.kind,
    case_id: notification.caseId,
    title: notification.title,
    body: notification.body,
    link: notification.link,
    dedupe_key: notification.dedupeKey ?? null,
    created_at: context.clock.now().toISOString(),
    read_at: null,
  });
}
