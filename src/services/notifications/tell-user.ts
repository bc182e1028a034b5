import type { Language } from '../../domain/access/roles.js';
import type { NotificationKind } from '../../domain/notifications/notification-kinds.js';
import type { Wordable } from '../../i18n/wording.js';
import type { RenderedMail } from '../../mail/templates/render-mail.js';
import type { Executor } from '../../storage/db.js';
import type { ServiceContext } from '../context.js';
import { tellAsChosen } from './notification-preferences.js';

/**
 * Tells a staff user of something that is no case's (a problem's overdue action, a proposed problem): the mail,
 * rendered in their language, into the outbox and the same news into the app's notifications, in the caller's
 * transaction and under one dedupe key; each on the channels the user chose for that kind of news (tellAsChosen).
 */
export async function tellUser(
  executor: Executor,
  context: ServiceContext,
  user: { id: string; email: string; language: Language },
  chosen: NotificationKind,
  news: {
    kind: string;
    mail: RenderedMail;
    /** The in-app notice, worded in the user's language whenever it is read (usually the mail's subject as its body). */
    title: Wordable;
    body: Wordable;
    link: string;
    dedupeKey: string;
    threadKey: string;
    /** The case the in-app notice is about, where there is one (the mail stays out of the case's own thread). */
    caseId?: string;
  },
): Promise<void> {
  await tellAsChosen(executor, context, chosen, {
    mail: {
      kind: news.kind,
      to: user.email,
      recipientUserId: user.id,
      language: user.language,
      ...news.mail,
      dedupeKey: news.dedupeKey,
      caseId: null,
      threadKey: news.threadKey,
    },
    notification: {
      userId: user.id,
      language: user.language,
      kind: news.kind,
      caseId: news.caseId ?? null,
      title: news.title,
      body: news.body,
      link: news.link,
      dedupeKey: news.dedupeKey,
    },
  });
}
