import Button from 'antd/es/button';
import Form from 'antd/es/form';
import Input from 'antd/es/input';
import Select from 'antd/es/select';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SERVICE_DESK_KEY, useServiceDeskSettings } from '../../api/service-desk';
import { useSession } from '../../api/session';
import type { ServiceDeskSettings } from '../../api/types';
import { CASE_LEVELS, type CaseLevel } from '../../../src/domain/cases/levels.js';
import { SettingDialog, SettingsCard, type AdminSetting } from './settings-card';

interface HotlineForm {
  hotlineNumber: string;
}

interface MailCaseLevelForm {
  mailCaseLevel: CaseLevel;
}

const SERVICE_DESK: AdminSetting = { url: '/api/v1/service-desk-settings', queryKey: SERVICE_DESK_KEY };

/**
 * The hotline number customers see in the portal and in every mail about their cases, and the level a case opened
 * from a mail starts at; the admin changes them here.
 */
export function ServiceDeskCard() {
  const { t } = useTranslation();
  const { can } = useSession();
  const settings = useServiceDeskSettings();
  const [editing, setEditing] = useState<'hotline' | 'level' | null>(null);
  return (
    <SettingsCard
      title={t('serviceDesk.title')}
      onEdit={can('settings.manage') && settings.data ? () => setEditing('hotline') : null}
      error={settings.error}
      items={[
        {
          key: 'hotline',
          label: t('serviceDesk.hotline'),
          children: <span data-testid="hotline-setting">{settings.data?.hotlineNumber ?? t('serviceDesk.noHotline')}</span>,
        },
        {
          key: 'mail-case-level',
          label: t('serviceDesk.mailCaseLevel'),
          children: (
            <>
              <span data-testid="mail-case-level-setting">
                {settings.data ? t('serviceDesk.mailCaseLevelValue', { level: settings.data.mailCaseLevel }) : null}
              </span>
              {can('settings.manage') && settings.data ? (
                <Button size="small" type="link" onClick={() => setEditing('level')} aria-label={t('serviceDesk.editMailCaseLevel')}>
                  {t('common.edit')}
                </Button>
              ) : null}
            </>
          ),
        },
      ]}
    >
      <p style={{ marginTop: 12, marginBottom: 0 }}>{t('serviceDesk.hotlineHelp')}</p>
      <p style={{ marginTop: 8, marginBottom: 0 }}>{t('serviceDesk.mailCaseLevelHelp')}</p>
      {editing === 'hotline' && settings.data ? <HotlineDialog current={settings.data} onClose={() => setEditing(null)} /> : null}
      {editing === 'level' && settings.data ? <MailCaseLevelDialog current={settings.data} onClose={() => setEditing(null)} /> : null}
    </SettingsCard>
  );
}

function MailCaseLevelDialog({ current, onClose }: { current: ServiceDeskSettings; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <SettingDialog<MailCaseLevelForm>
      setting={SERVICE_DESK}
      title={t('serviceDesk.editMailCaseLevel')}
      initialValues={{ mailCaseLevel: current.mailCaseLevel }}
      onClose={onClose}
    >
      <Form.Item name="mailCaseLevel" label={t('serviceDesk.mailCaseLevel')} extra={t('serviceDesk.mailCaseLevelHelp')}>
        <Select
          options={CASE_LEVELS.map((level) => ({ value: level, label: `${t('level.label', { level })} — ${t(`level.${level}`)}` }))}
        />
      </Form.Item>
    </SettingDialog>
  );
}

function HotlineDialog({ current, onClose }: { current: ServiceDeskSettings; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <SettingDialog<HotlineForm>
      setting={SERVICE_DESK}
      title={t('serviceDesk.editHotline')}
      initialValues={{ hotlineNumber: current.hotlineNumber ?? '' }}
      toBody={(values) => ({ hotlineNumber: values.hotlineNumber.trim() || null })}
      onClose={onClose}
    >
      <Form.Item name="hotlineNumber" label={t('serviceDesk.hotline')} extra={t('serviceDesk.hotlineHelp')}>
        <Input inputMode="tel" autoComplete="off" placeholder="+86 21 5555 0100" />
      </Form.Item>
    </SettingDialog>
  );
}
