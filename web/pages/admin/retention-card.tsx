import Form from 'antd/es/form';
import InputNumber from 'antd/es/input-number';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../api/session';
import { SettingDialog, SettingsCard, useAdminSetting, type AdminSetting } from './settings-card';

interface RetentionSetting {
  closedCaseYears: number | null;
}

const RETENTION: AdminSetting = { url: '/api/v1/personal-data-retention', queryKey: ['personal-data-retention'] };

/** The retention rule for closed cases' personal data (off by default); admins only. */
export function RetentionCard() {
  const { t } = useTranslation();
  const { can } = useSession();
  const allowed = can('personal-data.manage');
  const setting = useAdminSetting<RetentionSetting>(RETENTION, allowed);
  const [editing, setEditing] = useState(false);
  if (!allowed) return null;
  const years = setting.data?.closedCaseYears ?? null;
  return (
    <SettingsCard
      title={t('personalData.retentionTitle')}
      style={{ marginTop: 16 }}
      onEdit={setting.data ? () => setEditing(true) : null}
      error={setting.error}
      items={[
        {
          key: 'years',
          label: t('personalData.retentionLabel'),
          children: (
            <span data-testid="retention-setting">
              {years === null ? t('personalData.retentionOff') : t('personalData.retentionYears', { count: years })}
            </span>
          ),
        },
      ]}
    >
      <p style={{ marginTop: 12, marginBottom: 0 }}>{t('personalData.retentionHelp')}</p>
      {editing && setting.data ? (
        <SettingDialog<RetentionSetting>
          setting={RETENTION}
          title={t('personalData.retentionTitle')}
          initialValues={{ closedCaseYears: setting.data.closedCaseYears }}
          toBody={(values) => ({ closedCaseYears: values.closedCaseYears ?? null })}
          onClose={() => setEditing(false)}
        >
          <Form.Item name="closedCaseYears" label={t('personalData.retentionLabel')} extra={t('personalData.retentionEmpty')}>
            <InputNumber min={1} max={100} precision={0} />
          </Form.Item>
        </SettingDialog>
      ) : null}
    </SettingsCard>
  );
}
