import Form from 'antd/es/form';
import InputNumber from 'antd/es/input-number';
import Select from 'antd/es/select';
import Switch from 'antd/es/switch';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../api/session';
import { SettingDialog, SettingsCard, useAdminSetting, type AdminSetting } from './settings-card';

interface WeeklySummarySettings {
  enabled: boolean;
  dayOfWeek: number;
  hour: number;
  timeZone: string;
}

type WeeklySummaryForm = Pick<WeeklySummarySettings, 'enabled' | 'dayOfWeek' | 'hour'>;

const WEEKLY_SUMMARY: AdminSetting = { url: '/api/v1/weekly-summary-settings', queryKey: ['weekly-summary-settings'] };
const DAYS = [1, 2, 3, 4, 5, 6, 7];

/** The weekly summary mailed to the department managers, the Operation Center GM and the President; admins set when. */
export function WeeklySummaryCard() {
  const { t } = useTranslation();
  const { can } = useSession();
  const allowed = can('settings.manage');
  const settings = useAdminSetting<WeeklySummarySettings>(WEEKLY_SUMMARY, allowed);
  const [editing, setEditing] = useState(false);
  if (!allowed) return null;
  const data = settings.data;
  return (
    <SettingsCard
      title={t('weeklySummary.title')}
      style={{ marginTop: 16 }}
      onEdit={data ? () => setEditing(true) : null}
      error={settings.error}
      items={
        data
          ? [
              {
                key: 'schedule',
                label: t('weeklySummary.schedule'),
                children: (
                  <span data-testid="weekly-summary-setting">
                    {data.enabled
                      ? t('weeklySummary.when', {
                          day: t(`calendarEditor.weekday.${data.dayOfWeek}`),
                          hour: `${String(data.hour).padStart(2, '0')}:00`,
                          timeZone: data.timeZone,
                        })
                      : t('weeklySummary.off')}
                  </span>
                ),
              },
            ]
          : null
      }
    >
      <p style={{ marginTop: 12, marginBottom: 0 }}>{t('weeklySummary.help')}</p>
      {editing && data ? <WeeklySummaryDialog current={data} onClose={() => setEditing(false)} /> : null}
    </SettingsCard>
  );
}

function WeeklySummaryDialog({ current, onClose }: { current: WeeklySummarySettings; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <SettingDialog<WeeklySummaryForm>
      setting={WEEKLY_SUMMARY}
      title={t('weeklySummary.title')}
      initialValues={{ enabled: current.enabled, dayOfWeek: current.dayOfWeek, hour: current.hour }}
      onClose={onClose}
    >
      <Form.Item name="enabled" label={t('weeklySummary.enabled')} valuePropName="checked">
        <Switch />
      </Form.Item>
      <Form.Item name="dayOfWeek" label={t('weeklySummary.day')}>
        <Select options={DAYS.map((day) => ({ value: day, label: t(`calendarEditor.weekday.${day}`) }))} />
      </Form.Item>
      <Form.Item name="hour" label={t('weeklySummary.hour')} extra={t('weeklySummary.hourHelp', { timeZone: current.timeZone })}>
        <InputNumber min={0} max={23} precision={0} />
      </Form.Item>
    </SettingDialog>
  );
}
