import { useQuery } from '@tanstack/react-query';
import Tag from 'antd/es/tag';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api } from '../../api/client';
import type { MailSettings } from '../../api/types';
import { useFormat } from '../../i18n/format';
import { ReportAccessCard } from './report-access-card';
import { RetentionCard } from './retention-card';
import { ServiceDeskCard } from './service-desk-card';
import { SettingsCard } from './settings-card';
import { WeeklySummaryCard } from './weekly-summary-card';

/**
 * The hotline number customers see (the admin edits it), the retention rule, whether customers read their own
 * operations reports, then, read-only, how the server sends mail (set by its
 * environment, not here) and what waits or failed in the outbox.
 */
export default function MailPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const settings = useQuery({
    queryKey: ['mail-settings'],
    queryFn: () => api.get<MailSettings>('/api/v1/mail-settings'),
    refetchInterval: 15_000,
  });
  const data = settings.data;
  return (
    <>
      <ServiceDeskCard />
      <RetentionCard />
      <ReportAccessCard />
      <WeeklySummaryCard />
      <SettingsCard
        title={t('mailSettings.title')}
        error={settings.error}
        style={{ marginTop: 16 }}
        items={
          data
            ? [
                {
                  key: 'smtp',
                  label: t('mailSettings.smtp'),
                  children: data.smtpConfigured ? (
                    <Tag color="green">{t('mailSettings.configured')}</Tag>
                  ) : (
                    <Tag color="orange">{t('mailSettings.notConfigured')}</Tag>
                  ),
                },
                { key: 'host', label: t('mailSettings.host'), children: data.host ?? t('common.none') },
                { key: 'from', label: t('mailSettings.from'), children: data.from || t('common.none') },
                {
                  key: 'pending',
                  label: t('mailSettings.pending'),
                  children: <Link to="/admin/outbox?status=pending">{format.number(data.outbox.pending)}</Link>,
                },
                {
                  key: 'dead',
                  label: t('mailSettings.dead'),
                  children: (
                    <Link to="/admin/outbox?status=dead">
                      {data.outbox.dead > 0 ? <Tag color="red">{format.number(data.outbox.dead)}</Tag> : format.number(0)}
                    </Link>
                  ),
                },
              ]
            : null
        }
      >
        <p style={{ marginTop: 12 }}>
          <Link to="/admin/outbox">{t('mailSettings.openOutbox')}</Link>
        </p>
      </SettingsCard>
    </>
  );
}
