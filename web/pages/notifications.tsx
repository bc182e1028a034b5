import { useQuery, useQueryClient } from '@tanstack/react-query';
import Button from 'antd/es/button';
import Typography from 'antd/es/typography';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api } from '../api/client';
import type { Page, UserNotification } from '../api/types';
import { ProblemAlert } from '../components/problem';
import { useFormat } from '../i18n/format';

export const notificationsKey = ['notifications'] as const;

export function useNotifications(enabled: boolean) {
  return useQuery({
    queryKey: notificationsKey,
    queryFn: () => api.get<Page<UserNotification> & { unreadCount: number }>('/api/v1/notifications?limit=50'),
    enabled,
    refetchInterval: 20_000,
  });
}

/** In-app notifications (upgrading reports and the like) for the signed-in user. */
export default function NotificationsPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const queryClient = useQueryClient();
  const notifications = useNotifications(true);
  const markRead = async (id: string) => {
    await api.post(`/api/v1/notifications/${id}/read`).catch(() => undefined);
    await queryClient.invalidateQueries({ queryKey: notificationsKey });
  };
  const markAll = async () => {
    await api.post('/api/v1/notifications/read-all').catch(() => undefined);
    await queryClient.invalidateQueries({ queryKey: notificationsKey });
  };
  const items = notifications.data?.items ?? [];
  return (
    <>
      <div className="cd-toolbar" style={{ justifyContent: 'space-between' }}>
        <Typography.Title level={2} className="cd-page-title" style={{ marginBottom: 0 }}>
          {t('notifications.title')}
        </Typography.Title>
        <Button onClick={() => void markAll()} disabled={!notifications.data?.unreadCount}>
          {t('notifications.markAll')}
        </Button>
      </div>
      <ProblemAlert error={notifications.error} />
      {items.length === 0 && !notifications.isPending ? <p className="cd-empty">{t('notifications.empty')}</p> : null}
      <ul className="cd-timeline" style={{ background: '#fff', padding: '0 12px', borderRadius: 6 }}>
        {items.map((item) => (
          <li key={item.id} style={item.readAt ? { opacity: 0.6 } : undefined}>
            <strong>
              {item.caseId ? (
                <Link to={`/cases/${item.caseId}`} onClick={() => void markRead(item.id)}>
                  {item.title}
                </Link>
              ) : (
                item.title
              )}
            </strong>
            <p className="cd-text">{item.body}</p>
            <div className="cd-timeline-meta">
              {format.dateTime(item.createdAt)}
              {item.readAt ? null : (
                <>
                  {' · '}
                  <Button type="link" size="small" onClick={() => void markRead(item.id)} style={{ padding: 0 }}>
                    {t('notifications.markRead')}
                  </Button>
                </>
              )}
            </div>
          </li>
        ))}
      </ul>
    </>
  );
}
