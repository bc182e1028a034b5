import { useQuery } from '@tanstack/react-query';
import Alert from 'antd/es/alert';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { ConfigurationAlert, Page } from '../api/types';

export const configurationAlertsKey = ['configuration-alerts'] as const;

/**
 * The visible alert admins see on every administration page while an escalation position has nobody in it: the
 * server decides (it also counts upgrading reports that already went nowhere), the page words it.
 */
export function UnfilledPositionsAlert() {
  const { t } = useTranslation();
  const alerts = useQuery({
    queryKey: configurationAlertsKey,
    queryFn: async () => (await api.get<Page<ConfigurationAlert>>('/api/v1/configuration-alerts')).items,
    refetchInterval: 30_000,
  });
  const items = alerts.data ?? [];
  if (items.length === 0) return null;
  const describe = (alert: ConfigurationAlert) => {
    const name = alert.departmentName ?? t('common.none');
    const text =
      alert.kind === 'case-without-department'
        ? t('positions.caseWithoutDepartment', { position: t(`escalationPosition.${alert.position}`) })
        : alert.position === 'department-manager'
          ? t('departments.unfilledManager', { name })
          : alert.position === 'vp-in-charge'
            ? t('departments.unfilledVp', { name })
            : t('positions.unfilled', { position: t(`escalationPosition.${alert.position}`) });
    return alert.missedReports > 0 ? `${text} ${t('positions.missed', { count: alert.missedReports })}` : text;
  };
  return (
    <Alert
      type="warning"
      showIcon
      role="alert"
      data-testid="unfilled-positions"
      title={t('positions.alertsTitle')}
      description={
        <ul style={{ margin: 0, paddingLeft: 20 }}>
          {items.map((alert) => (
            <li key={alert.key}>{describe(alert)}</li>
          ))}
        </ul>
      }
      style={{ marginBottom: 16 }}
    />
  );
}
