import { useQueryClient } from '@tanstack/react-query';
import Switch from 'antd/es/switch';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useSession } from '../../api/session';
import { useAction } from '../../components/form-dialog';
import { SettingsCard, useAdminSetting, type AdminSetting } from './settings-card';

interface ReportSettings {
  customersMayRead: boolean;
}

const REPORT_SETTINGS: AdminSetting = { url: '/api/v1/report-settings', queryKey: ['report-settings'] };

/** Whether customers read their own organisation's operations reports (off until an admin allows it); admins only. */
export function ReportAccessCard() {
  const { t } = useTranslation();
  const { can } = useSession();
  const allowed = can('settings.manage');
  const queryClient = useQueryClient();
  const settings = useAdminSetting<ReportSettings>(REPORT_SETTINGS, allowed);
  const action = useAction();
  if (!allowed) return null;
  const change = (customersMayRead: boolean) =>
    action.run(async () => {
      queryClient.setQueryData(REPORT_SETTINGS.queryKey, await api.put<ReportSettings>(REPORT_SETTINGS.url, { customersMayRead }));
    });
  return (
    <SettingsCard
      title={t('reportAccess.title')}
      style={{ marginTop: 16 }}
      error={settings.error ?? action.error}
      items={[
        {
          key: 'customers',
          label: t('reportAccess.customersMayRead'),
          children: (
            <Switch
              aria-label={t('reportAccess.customersMayRead')}
              checked={settings.data?.customersMayRead ?? false}
              disabled={!settings.data}
              loading={action.busy}
              checkedChildren={t('reportAccess.on')}
              unCheckedChildren={t('reportAccess.off')}
              onChange={(checked) => void change(checked)}
            />
          ),
        },
      ]}
    >
      <p style={{ marginTop: 12, marginBottom: 0 }}>{t('reportAccess.help')}</p>
    </SettingsCard>
  );
}
