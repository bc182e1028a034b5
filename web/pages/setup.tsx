import { useQuery, useQueryClient } from '@tanstack/react-query';
import Alert from 'antd/es/alert';
import Button from 'antd/es/button';
import Card from 'antd/es/card';
import Form from 'antd/es/form';
import Input from 'antd/es/input';
import Typography from 'antd/es/typography';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { api } from '../api/client';
import { useSession } from '../api/session';
import type { User } from '../api/types';
import { LanguageSwitch } from '../components/language-switch';
import { PageLoading } from '../components/page-loading';
import { useFormSave } from '../components/form-dialog';
import { ProblemAlert } from '../components/problem';
import { i18n } from '../i18n';

interface SetupFields {
  name: string;
  email: string;
  password: string;
  confirmPassword: string;
}

/** The one-time page that creates the first administrator of an empty CaseDesk, then signs them in. */
export default function SetupPage() {
  const { t } = useTranslation();
  const { signIn } = useSession();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<SetupFields>();
  const { busy, general, save } = useFormSave(form);
  const setup = useQuery({ queryKey: ['setup'], queryFn: () => api.get<{ needed: boolean }>('/api/v1/setup') });

  if (setup.isPending) return <PageLoading />;

  const submit = (values: SetupFields) =>
    save(async () => {
      await api.post<User>('/api/v1/setup', {
        name: values.name,
        email: values.email.trim(),
        password: values.password,
        language: i18n.language,
      });
      queryClient.setQueryData(['setup'], { needed: false });
      await signIn(values.email.trim(), values.password);
      navigate('/admin/users', { replace: true });
    });

  return (
    <main className="cd-centered">
      <div style={{ marginBottom: 16 }}>
        <LanguageSwitch />
      </div>
      <Card>
        <Typography.Title level={2} className="cd-page-title">
          {t('setup.title')}
        </Typography.Title>
        {setup.data?.needed === false ? (
          <Alert type="info" showIcon title={t('setup.done')} action={<Link to="/sign-in">{t('signIn.submit')}</Link>} />
        ) : (
          <>
            <Typography.Paragraph>{t('setup.intro')}</Typography.Paragraph>
            <ProblemAlert message={general} />
            <Form form={form} layout="vertical" onFinish={(values) => void submit(values)} requiredMark={false}>
              <Form.Item
                name="name"
                label={t('setup.name')}
                rules={[{ required: true, whitespace: true, message: t('form.required', { field: t('setup.name') }) }]}
              >
                <Input autoComplete="name" autoFocus />
              </Form.Item>
              <Form.Item
                name="email"
                label={t('setup.email')}
                rules={[
                  { required: true, message: t('form.required', { field: t('setup.email') }) },
                  { type: 'email', message: t('form.invalidEmail') },
                ]}
              >
                <Input type="email" autoComplete="username" />
              </Form.Item>
              <Form.Item
                name="password"
                label={t('setup.password')}
                rules={[{ required: true, message: t('form.required', { field: t('setup.password') }) }]}
              >
                <Input.Password autoComplete="new-password" />
              </Form.Item>
              <Form.Item
                name="confirmPassword"
                label={t('setup.confirmPassword')}
                dependencies={['password']}
                rules={[
                  { required: true, message: t('form.required', { field: t('setup.confirmPassword') }) },
                  ({ getFieldValue }) => ({
                    validator: (_rule, value) =>
                      !value || getFieldValue('password') === value
                        ? Promise.resolve()
                        : Promise.reject(new Error(t('form.passwordsDiffer'))),
                  }),
                ]}
              >
                <Input.Password autoComplete="new-password" />
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
      </Card>
    </main>
  );
}
