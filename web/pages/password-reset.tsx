import Alert from 'antd/es/alert';
import Button from 'antd/es/button';
import Form from 'antd/es/form';
import Typography from 'antd/es/typography';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router-dom';
import { api } from '../api/client';
import { CenteredCard } from '../components/centered-card';
import { useFormSave } from '../components/form-dialog';
import { ConfirmPasswordItem, EmailItem, PasswordItem } from '../components/form-fields';
import { ProblemAlert } from '../components/problem';

/** The server's rule (MIN_PASSWORD_LENGTH); the server checks it again. */
const MIN_PASSWORD_LENGTH = 10;

/** "Forgot password": asks for a mailed link. The answer reads the same whether or not the address has an account. */
export function ForgotPasswordPage() {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ email: string }>();
  const { busy, general, save } = useFormSave(form);
  const [sentTo, setSentTo] = useState<string | null>(null);

  const submit = (values: { email: string }) =>
    save(async () => {
      const email = values.email.trim();
      await api.post('/api/v1/password-resets', { email });
      setSentTo(email);
    });

  return (
    <CenteredCard title={t('passwordReset.requestTitle')}>
      {sentTo ? (
        <Alert
          type="success"
          showIcon
          role="status"
          title={t('passwordReset.requestSent', { email: sentTo })}
          style={{ marginBottom: 16 }}
        />
      ) : (
        <>
          <Typography.Paragraph>{t('passwordReset.requestIntro')}</Typography.Paragraph>
          <ProblemAlert message={general} />
          <Form form={form} layout="vertical" onFinish={(values) => void submit(values)} requiredMark={false}>
            <EmailItem label={t('passwordReset.email')} autoFocus />
            <Button type="primary" htmlType="submit" loading={busy} block>
              {t('passwordReset.requestSubmit')}
            </Button>
          </Form>
        </>
      )}
      <p style={{ marginTop: 16 }}>
        <Link to="/sign-in">{t('passwordReset.backToSignIn')}</Link>
      </p>
    </CenteredCard>
  );
}

interface ResetFields {
  newPassword: string;
  confirmPassword: string;
}

/** Opened from the mailed link; the token is in the fragment (#token=…), which the browser never sends to a server. */
export function ResetPasswordPage() {
  const { t } = useTranslation();
  const location = useLocation();
  const token = new URLSearchParams(location.hash.replace(/^#/, '')).get('token');
  const [form] = Form.useForm<ResetFields>();
  // A spent or expired link is about the link, not a field on this form: it is shown above the form.
  const { busy, general, save } = useFormSave(form);
  const [done, setDone] = useState(false);

  const submit = async (values: ResetFields) => {
    if (!token) return;
    await save(async () => {
      await api.post('/api/v1/password-resets/use', { token, newPassword: values.newPassword });
      setDone(true);
    });
  };

  const askAgain = (
    <p style={{ marginTop: 16 }}>
      <Link to="/forgot-password">{t('passwordReset.askAgain')}</Link> · <Link to="/sign-in">{t('passwordReset.backToSignIn')}</Link>
    </p>
  );

  if (done) {
    return (
      <CenteredCard title={t('passwordReset.title')}>
        <Alert type="success" showIcon role="status" title={t('passwordReset.done')} style={{ marginBottom: 16 }} />
        <Link to="/sign-in">{t('passwordReset.backToSignIn')}</Link>
      </CenteredCard>
    );
  }
  if (!token) {
    return (
      <CenteredCard title={t('passwordReset.title')}>
        <ProblemAlert message={t('passwordReset.missingToken')} />
        {askAgain}
      </CenteredCard>
    );
  }
  return (
    <CenteredCard title={t('passwordReset.title')}>
      <Typography.Paragraph>{t('passwordReset.intro', { min: MIN_PASSWORD_LENGTH })}</Typography.Paragraph>
      <ProblemAlert message={general} />
      <Form form={form} layout="vertical" onFinish={(values) => void submit(values)} requiredMark={false}>
        <PasswordItem
          name="newPassword"
          label={t('passwordReset.newPassword')}
          autoComplete="new-password"
          autoFocus
          minLength={MIN_PASSWORD_LENGTH}
        />
        <ConfirmPasswordItem label={t('passwordReset.confirmPassword')} of="newPassword" />
        <Button type="primary" htmlType="submit" loading={busy} block>
          {t('passwordReset.submit')}
        </Button>
      </Form>
      {general ? askAgain : null}
    </CenteredCard>
  );
}
