import { useQuery, useQueryClient } from '@tanstack/react-query';
import Alert from 'antd/es/alert';
import AutoComplete from 'antd/es/auto-complete';
import Button from 'antd/es/button';
import Form from 'antd/es/form';
import Input from 'antd/es/input';
import Typography from 'antd/es/typography';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { api } from '../api/client';
import { useSession } from '../api/session';
import type { User } from '../api/types';
import { CenteredCard } from '../components/centered-card';
import { PageLoading } from '../components/page-loading';
import { useFormSave } from '../components/form-dialog';
import { ConfirmPasswordItem, EmailItem, PasswordItem, useRequired } from '../components/form-fields';
import { ProblemAlert } from '../components/problem';
import { i18n } from '../i18n';

interface SetupFields {
  name: string;
  email: string;
  password: string;
  confirmPassword: string;
  timeZone: string;
}

function timeZones(): string[] {
  const intl = Intl as typeof Intl & { supportedValuesOf?: (key: 'timeZone') => string[] };
  return intl.supportedValuesOf?.('timeZone') ?? ['UTC', 'Asia/Shanghai', 'Asia/Taipei', 'Europe/London'];
}

/** The browser's zone: whoever sets CaseDesk up is most likely where the service desk works. */
function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** The one-time page that creates the first administrator of an empty CaseDesk, then signs them in. */
export default function SetupPage() {
  const { t } = useTranslation();
  const { signIn } = useSession();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<SetupFields>();
  const { busy, general, save } = useFormSave(form);
  const required = useRequired();
  const zones = useMemo(timeZones, []);
  const typedZone = Form.useWatch('timeZone', form) ?? '';
  const setup = useQuery({ queryKey: ['setup'], queryFn: () => api.get<{ needed: boolean }>('/api/v1/setup') });

  if (setup.isPending) return <PageLoading />;

  const submit = (values: SetupFields) =>
    save(async () => {
      await api.post<User>('/api/v1/setup', {
        name: values.name,
        email: values.email.trim(),
        password: values.password,
        language: i18n.language,
        timeZone: values.timeZone.trim(),
      });
      queryClient.setQueryData(['setup'], { needed: false });
      await signIn(values.email.trim(), values.password);
      navigate('/admin/users', { replace: true });
    });

  return (
    <CenteredCard title={t('setup.title')}>
      {setup.data?.needed === false ? (
        <Alert type="info" showIcon title={t('setup.done')} action={<Link to="/sign-in">{t('signIn.submit')}</Link>} />
      ) : (
        <>
          <Typography.Paragraph>{t('setup.intro')}</Typography.Paragraph>
          <ProblemAlert message={general} />
          <Form form={form} layout="vertical" onFinish={(values) => void submit(values)} requiredMark={false}>
            <Form.Item name="name" label={t('setup.name')} rules={required(t('setup.name'))}>
              <Input autoComplete="name" autoFocus />
            </Form.Item>
            <EmailItem label={t('setup.email')} />
            <PasswordItem name="password" label={t('setup.password')} autoComplete="new-password" />
            <ConfirmPasswordItem label={t('setup.confirmPassword')} of="password" />
            <Form.Item
              name="timeZone"
              label={t('setup.timeZone')}
              extra={t('setup.timeZoneHelp')}
              initialValue={browserTimeZone()}
              rules={required(t('setup.timeZone'))}
            >
              <AutoComplete
                options={zones
                  .filter((zone) => zone.toLowerCase().includes(typedZone.trim().toLowerCase()))
                  .slice(0, 50)
                  .map((zone) => ({ value: zone }))}
              />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={busy} block>
              {t('setup.submit')}
            </Button>
          </Form>
          <Typography.Paragraph type="secondary" style={{ marginTop: 16, marginBottom: 0 }}>
            {t('setup.cliHint')}
          </Typography.Paragraph>
        </>
      )}
    </CenteredCard>
  );
}
