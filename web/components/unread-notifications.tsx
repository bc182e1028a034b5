import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { casePagePaths } from '../api/case-page-paths';
import { api } from '../api/client';
import { LIVE_REFRESH_MS } from '../api/cases';

/** Under the notifications list's key, so whatever refreshes the list (the change feed, marking read) refreshes it too. */
export const unreadNotificationsKey = ['notifications', 'unread'] as const;

/**
 * The unread count on the header's link and in the browser tab's title ("(3) CaseDesk"), so a user working in
 * another tab sees that something reached them. It refreshes with the case change feed (web/api/live.ts) and by
 * polling as the case lists do.
 */
export function NotificationsLink() {
  const { t } = useTranslation();
  const unread = useQuery({
    queryKey: unreadNotificationsKey,
    queryFn: async () => (await api.get<{ unreadCount: number }>(casePagePaths.unreadNotifications())).unreadCount,
    refetchInterval: LIVE_REFRESH_MS,
  });
  const count = unread.data ?? 0;
  const appName = t('app.name');
  useEffect(() => {
    document.title = count > 0 ? `(${count}) ${appName}` : appName;
    return () => {
      document.title = appName;
    };
  }, [count, appName]);
  return (
    <Link
      to="/notifications"
      className="cd-user-link"
      aria-label={`${t('notifications.title')}${count ? ` (${t('notifications.unread', { count })})` : ''}`}
    >
      {t('notifications.title')}
      {count > 0 ? (
        <span className="cd-badge" data-testid="unread-count">
          {count}
        </span>
      ) : null}
    </Link>
  );
}
