import App from 'antd/es/app';
import Card from 'antd/es/card';
import Checkbox from 'antd/es/checkbox';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { NOTIFICATION_KINDS, type NotificationChannel, type NotificationKind } from '../../src/domain/notifications/notification-kinds.js';
import { api } from '../api/client';
import { useAction } from '../components/form-dialog';
import { ProblemAlert } from '../components/problem';
import { PlainTable } from '../components/table-card';

type Preferences = Record<NotificationKind, Record<NotificationChannel, boolean>>;

const preferencesKey = ['me', 'notification-preferences'] as const;
const CHANNELS: readonly NotificationChannel[] = ['inApp', 'email'];

/** Each kind of notification on or off, in the app and by e-mail; a click saves that one choice. */
export function NotificationPreferencesCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const preferences = useQuery({
    queryKey: preferencesKey,
    queryFn: async () => (await api.get<{ preferences: Preferences }>('/api/v1/me/notification-preferences')).preferences,
  });
  const { busy, error, run } = useAction();

  const choose = (kind: NotificationKind, channel: NotificationChannel, on: boolean) =>
    run(async () => {
      const saved = await api.put<{ preferences: Preferences }>('/api/v1/me/notification-preferences', {
        preferences: { [kind]: { [channel]: on } },
      });
      queryClient.setQueryData(preferencesKey, saved.preferences);
      void message.success(t('notify.preferences.saved'));
    });

  return (
    <Card title={t('notify.preferences.title')} style={{ marginBottom: 24, maxWidth: 760 }} data-testid="notification-preferences">
      <p className="cd-muted">{t('notify.preferences.intro')}</p>
      <ProblemAlert error={preferences.error ?? error} />
      <PlainTable columns={[t('notify.preferences.kind'), ...CHANNELS.map((channel) => t(`notify.preferences.${channel}`))]} stack>
        {NOTIFICATION_KINDS.map((kind) => (
          <tr key={kind}>
            <td data-label={t('notify.preferences.kind')} className="cd-cell-wrap">
              {t(`notify.preferences.kinds.${kind}`)}
            </td>
            {CHANNELS.map((channel) => (
              <td key={channel} data-label={t(`notify.preferences.${channel}`)}>
                <Checkbox
                  aria-label={`${t(`notify.preferences.kinds.${kind}`)}: ${t(`notify.preferences.${channel}`)}`}
                  checked={preferences.data?.[kind][channel] ?? false}
                  disabled={!preferences.data || busy}
                  onChange={(event) => void choose(kind, channel, event.target.checked)}
                />
              </td>
            ))}
          </tr>
        ))}
      </PlainTable>
    </Card>
  );
}
