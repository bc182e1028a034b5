import { useQuery } from '@tanstack/react-query';
import Button from 'antd/es/button';
import Form from 'antd/es/form';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { api } from '../api/client';
import { useSession } from '../api/session';
import { CenteredCard } from '../components/centered-card';
import { useFormSave } from '../components/form-dialog';
import { EmailItem, PasswordItem } from '../components/form-fields';
import { ProblemAlert } from '../components/problem';

interface SignInFields {
  email: string;
  password: string;
}

/** Only same-site paths: `?next=https://elsewhere` must not turn sign-in into an open redirect. */
function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export default function SignInPage() {
  const { t } = useTranslation();
  const { session, signIn, endedBy } = useSession();
  const [form] = Form.useForm<SignInFields>();
  const { busy, general, save } = useFormSave(form);
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const setup = useQuery({ queryKey: ['setup'], queryFn: () => api.get<{ needed: boolean }>('/api/v1/setup') });

  if (session) return <Navigate to={next} replace />;
  if (setup.data?.needed) return <Navigate to="/setup" replace />;

  const submit = (values: SignInFields) =>
    save(async () => {
      await signIn(values.email.trim(), values.password);
      navigate(next, { replace: true });
    });

  return (
    <CenteredCard title={t('signIn.title')}>
      <ProblemAlert message={general ?? (endedBy === 'expiry' ? t('app.sessionExpired') : null)} />
      <Form form={form} layout="vertical" onFinish={(values) => void submit(values)} requiredMark={false}>
        <EmailItem label={t('signIn.email')} autoFocus />
        <PasswordItem name="password" label={t('signIn.password')} autoComplete="current-password" />
        <Button type="primary" htmlType="submit" loading={busy} block>
          {t('signIn.submit')}
        </Button>
      </Form>
      <p style={{ marginTop: 16, marginBottom: 0 }}>
        <Link to="/forgot-password">{t('signIn.forgot')}</Link>
      </p>
      {setup.data?.needed ? (
        <p style={{ marginTop: 16 }}>
          {t('signIn.setupHint')} <Link to="/setup">{t('signIn.setupLink')}</Link>
        </p>
      ) : null}
    </CenteredCard>
  );
}
