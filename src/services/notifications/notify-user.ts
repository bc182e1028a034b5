import type { Language } from '../../domain/access/roles.js';
import { wordIn, type Wordable } from '../../i18n/wording.js';
import type { Executor } from '../../storage/db.js';
import { insertNotification, type NewNotification } from '../../storage/repositories/notifications.js';
import { newId, type ServiceContext } from '../context.js';

export interface InAppNotification {
  userId: string;
  /** The user's language now: the title and body are also written in it, for a release that reads only those. */
  language: Language;
  kind: string;
  caseId: string | null;
  /** Worded again in the reader's language each time the notification is read (`user-notifications.ts`). */
  title: Wordable;
  body: Wordable;
  link: string | null;
  dedupeKey?: string;
}

/** An in-app notification, written in the caller's transaction; the dedupe key makes a repeated producer harmless. */
export async function notifyUser(executor: Executor, context: ServiceContext, notification: InAppNotification): Promise<void> {
  await insertNotification(executor, notificationRow(context, notification));
}

/** The row of an in-app notification, for a writer that writes it along with other rows (a new case's). */
export function notificationRow(context: ServiceContext, notification: InAppNotification): NewNotification {
  return {
    id: newId(),
    user_id: notification.userId,
    kind: notification.kind,
    case_id: notification.caseId,
    title: wordIn(notification.language, notification.title),
    body: wordIn(notification.language, notification.body),
    wording_json: JSON.stringify({ title: notification.title, body: notification.body }),
    link: notification.link,
    dedupe_key: notification.dedupeKey ?? null,
    created_at: context.clock.now().toISOString(),
    read_at: null,
  };
}
