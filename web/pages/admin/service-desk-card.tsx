import { useQueryClient } from '@tanstack/react-query';
import Button from 'antd/es/button';
import Form from 'antd/es/form';
import Input from 'antd/es/input';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { SERVICE_DESK_KEY, useServiceDeskSettings } from '../../api/service-desk';
import { useSession } from '../../api/session';
import type { ServiceDeskSettings } from '../../api/types';
import { FormDialog, useFormSave } from '../../components/form-dialog';
import { SettingsCard } from './settings-card';

interface HotlineForm {
  hotlineNumber: string;
}

/** The hotline number customers see in the portal and in every mail about their cases; the admin changes it here. */
export function ServiceDeskCard() {
  const { t } = useTranslation();
  const { can } = useSession();
  const settings = useServiceDeskSettings();
  const [editing, setEditing] = useState(false);
  return (
    <SettingsCard
      title={t('serviceDesk.title')}
      extra={
        can('settings.manage') && settings.data ? (
          <Button size="small" onClick={() => setEditing(true)}>
            {t('common.edit')}
          </Button>
        ) : null
      }
      error={settings.error}
      items={[
        {
          key: 'hotline',
          label: t('serviceDesk.hotline'),
          children: <span data-testid="hotline-setting">{settings.data?.hotlineNumber ?? t('serviceDesk.noHotline')}</span>,
        },
      ]}
    >
      <p style={{ marginTop: 12, marginBottom: 0 }}>{t('serviceDesk.hotlineHelp')}</p>
      {editing && settings.data ? <HotlineDialog current={settings.data} onClose={() => setEditing(false)} /> : null}
    </SettingsCard>
  );
}

function HotlineDialog({ current, onClose }: { current: ServiceDeskSettings; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<HotlineForm>();
  const { busy, general, save } = useFormSave(form);
  const finish = (values: HotlineForm) =>
    save(async () => {
      const saved = await api.put<ServiceDeskSettings>('/api/v1/service-desk-settings', {
        hotlineNumber: values.hotlineNumber.trim() || null,
      });
      queryClient.setQueryData(SERVICE_DESK_KEY, saved);
      onClose();
    });
  return (
    <FormDialog
      form={form}
      title={t('serviceDesk.editHotline')}
      okText={t('common.save')}
      busy={busy}
      general={general}
      initialValues={{ hotlineNumber: current.hotlineNumber ?? '' }}
      onFinish={finish}
      onClose={onClose}
    >
      <Form.Item name="hotlineNumber" label={t('serviceDesk.hotline')} extra={t('serviceDesk.hotlineHelp')}>
        <Input inputMode="tel" autoComplete="off" placeholder="+86 21 5555 0100" />
      </Form.Item>
    </FormDialog>
  );
}
