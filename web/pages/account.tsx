import App from 'antd/es/app';
import Button from 'antd/es/button';
import Card from 'antd/es/card';
import Descriptions from 'antd/es/descriptions';
import Form from 'antd/es/form';
import Typography from 'antd/es/typography';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { useSession } from '../api/session';
import { useFormSave } from '../components/form-dialog';
import { ConfirmPasswordItem, PasswordItem } from '../components/form-fields';
import { ProblemAlert } from '../components/problem';
import { NotificationPreferencesCard } from './account-notifications';
import { CannedRepliesManager } from './canned-replies';
import { ChatTargetsCard } from './chat-targets';

interface PasswordFields {
  currentPassword: string;
  newPassword: string;
  confirmPassword: string;
}

export default function AccountPage() {
  const { t } = useTranslation();
  const { user, can } = useSession();
  const { message } = App.useApp();
  const [form] = Form.useForm<PasswordFields>();
  const { busy, general, save } = useFormSave(form);

  const submit = (values: PasswordFields) =>
    save(async () => {
      await api.post('/api/v1/me/password', { currentPassword: values.currentPassword, newPassword: values.newPassword });
      form.resetFields();
      void message.success(t('account.passwordChanged'));
    });

  return (
    <>
      <Typography.Title level={2} className="cd-page-title">
        {t('account.title')}
      </Typography.Title>
      <Card title={t('account.profile')} style={{ marginBottom: 24, maxWidth: 640 }}>
        <Descriptions column={1}>
          <Descriptions.Item label={t('account.name')}>{user?.name}</Descriptions.Item>
          <Descriptions.Item label={t('account.email')}>{user?.email}</Descriptions.Item>
          <Descriptions.Item label={t('account.role')}>{user ? t(`role.${user.role}`) : null}</Descriptions.Item>
        </Descriptions>
      </Card>
      {can('notifications.preferences') ? <NotificationPreferencesCard /> : null}
      {can('notifications.preferences') ? <ChatTargetsCard scope="mine" /> : null}
      {can('canned-replies.use') ? (
        <Card title={t('cannedReplies.mine')} style={{ marginBottom: 24, maxWidth: 960 }}>
          <CannedRepliesManager scope="personal" />
        </Card>
      ) : null}
      <Card title={t('account.changePassword')} style={{ maxWidth: 640 }}>
        <ProblemAlert message={general} />
        <Form form={form} layout="vertical" onFinish={(values) => void submit(values)} requiredMark={false}>
          <PasswordItem name="currentPassword" label={t('account.currentPassword')} autoComplete="current-password" />
          <PasswordItem name="newPassword" label={t('account.newPassword')} autoComplete="new-password" />
          <ConfirmPasswordItem label={t('account.confirmPassword')} of="newPassword" />
          <Button type="primary" htmlType="submit" loading={busy}>
            {t('account.submitPassword')}
          </Button>
        </Form>
      </Card>
    </>
  );
}
