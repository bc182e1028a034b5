import { useQuery, useQueryClient } from '@tanstack/react-query';
import Button from 'antd/es/button';
import Form from 'antd/es/form';
import InputNumber from 'antd/es/input-number';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useSession } from '../../api/session';
import { FormDialog, useFormSave } from '../../components/form-dialog';
import { SettingsCard } from './settings-card';

interface RetentionSetting {
  closedCaseYears: number | null;
}

const RETENTION_KEY = ['personal-data-retention'];

/** The retention rule for closed cases' personal data (off by default); admins only. */
export function RetentionCard() {
  const { t } = useTranslation();
  const { can } = useSession();
  const allowed = can('personal-data.manage');
  const setting = useQuery({
    queryKey: RETENTION_KEY,
    queryFn: () => api.get<RetentionSetting>('/api/v1/personal-data-retention'),
    enabled: allowed,
  });
  const [editing, setEditing] = useState(false);
  if (!allowed) return null;
  const years = setting.data?.closedCaseYears ?? null;
  return (
    <SettingsCard
      title={t('personalData.retentionTitle')}
      style={{ marginTop: 16 }}
      extra={
        setting.data ? (
          <Button size="small" onClick={() => setEditing(true)}>
            {t('common.edit')}
          </Button>
        ) : null
      }
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
      {editing && setting.data ? <RetentionDialog current={setting.data} onClose={() => setEditing(false)} /> : null}
    </SettingsCard>
  );
}

function RetentionDialog({ current, onClose }: { current: RetentionSetting; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ closedCaseYears: number | null }>();
  const { busy, general, save } = useFormSave(form);
  const finish = (values: { closedCaseYears: number | null }) =>
    save(async () => {
      const saved = await api.put<RetentionSetting>('/api/v1/personal-data-retention', { closedCaseYears: values.closedCaseYears ?? null });
      queryClient.setQueryData(RETENTION_KEY, saved);
      onClose();
    });
  return (
    <FormDialog
      form={form}
      title={t('personalData.retentionTitle')}
      okText={t('common.save')}
      busy={busy}
      general={general}
      initialValues={{ closedCaseYears: current.closedCaseYears }}
      onFinish={finish}
      onClose={onClose}
    >
      <Form.Item name="closedCaseYears" label={t('personalData.retentionLabel')} extra={t('personalData.retentionEmpty')}>
        <InputNumber min={1} max={100} precision={0} />
      </Form.Item>
    </FormDialog>
  );
}
