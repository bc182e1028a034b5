import { useQueryClient } from '@tanstack/react-query';
import Alert from 'antd/es/alert';
import App from 'antd/es/app';
import Button from 'antd/es/button';
import Form from 'antd/es/form';
import Input from 'antd/es/input';
import Select from 'antd/es/select';
import Space from 'antd/es/space';
import Switch from 'antd/es/switch';
import Table from 'antd/es/table';
import Tag from 'antd/es/tag';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { nameOf, queryKeys, useDepartments, useUsers } from '../../api/queries';
import { PersonalDataMenu } from '../../components/personal-data-menu';
import type { Role, User } from '../../api/types';
import { useRequired } from '../../components/form-fields';
import { OrganizationSelect } from '../../components/organization-select';
import { configurationAlertsKey } from '../../components/unfilled-positions';
import { FormDialog, useAction, useFormSave } from '../../components/form-dialog';
import { ProblemAlert } from '../../components/problem';
import { WEB_LANGUAGES } from '../../i18n';
import { useFormat } from '../../i18n/format';
import { isStaffRole } from '../../../src/domain/access/roles.js';
import { editColumn } from './edit-column';

const ROLES: Role[] = ['admin', 'manager', 'expert', 'executive', 'secretary', 'customer'];

interface UserFields {
  name: string;
  email: string;
  role: Role;
  password?: string;
  organizationId?: string | null;
  departmentId?: string | null;
  language: 'en' | 'zh-CN';
  disabled?: boolean;
}

export default function UsersPage() {
  const { t } = useTranslation();
  const users = useUsers();
  const departments = useDepartments();
  const [role, setRole] = useState<Role | undefined>();
  const [editing, setEditing] = useState<User | 'new' | null>(null);
  const rows = (users.data ?? []).filter((user) => !role || user.role === role);

  return (
    <>
      <Space style={{ marginBottom: 16 }} wrap>
        <Button type="primary" onClick={() => setEditing('new')}>
          {t('users.add')}
        </Button>
        <Select
          aria-label={t('users.filterRole')}
          placeholder={t('users.filterRole')}
          allowClear
          style={{ width: 200 }}
          value={role}
          onChange={(value: Role | undefined) => setRole(value)}
          options={ROLES.map((value) => ({ value, label: t(`role.${value}`) }))}
        />
      </Space>
      <ProblemAlert error={users.error} />
      <Table<User>
        rowKey="id"
        loading={users.isPending}
        dataSource={rows}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        scroll={{ x: true }}
        columns={[
          { title: t('users.name'), dataIndex: 'name', sorter: (a, b) => a.name.localeCompare(b.name) },
          { title: t('users.email'), dataIndex: 'email' },
          { title: t('users.role'), dataIndex: 'role', render: (value: Role) => t(`role.${value}`) },
          {
            title: t('users.department'),
            dataIndex: 'departmentId',
            render: (value: string | null) => nameOf(departments.data, value) ?? t('common.none'),
          },
          { title: t('users.language'), dataIndex: 'language', render: (value: string) => t(`language.${value}`) },
          {
            title: t('users.status'),
            dataIndex: 'disabled',
            render: (disabled: boolean, user: User) => (
              <>
                {disabled ? <Tag color="red">{t('users.disabled')}</Tag> : <Tag color="green">{t('users.active')}</Tag>}
                {user.erased ? <Tag>{t('personalData.erasedTag')}</Tag> : null}
              </>
            ),
          },
          editColumn<User>(t, setEditing),
          ...(rows.some((user) => user.can.exportPersonalData || user.can.erasePersonalData)
            ? [
                {
                  title: t('personalData.menu'),
                  key: 'personal-data',
                  render: (_: unknown, user: User) => (
                    <PersonalDataMenu kind="user" id={user.id} name={user.name} can={user.can} invalidate={[queryKeys.users]} />
                  ),
                },
              ]
            : []),
        ]}
      />
      {editing ? <UserDialog user={editing === 'new' ? null : editing} onClose={() => setEditing(null)} /> : null}
    </>
  );
}

function UserDialog({ user, onClose }: { user: User | null; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const required = useRequired();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const departments = useDepartments();
  const [form] = Form.useForm<UserFields>();
  const { busy, general, save } = useFormSave(form);
  const role = Form.useWatch('role', form);

  const submit = (values: UserFields) =>
    save(async () => {
      if (user) {
        await api.patch<User>(`/api/v1/users/${user.id}`, {
          name: values.name,
          role: values.role,
          language: values.language,
          departmentId: !isStaffRole(values.role) ? null : (values.departmentId ?? null),
          disabled: values.disabled ?? false,
        });
        void message.success(t('common.saved'));
      } else {
        const created = await api.post<User>('/api/v1/users', {
          name: values.name,
          email: values.email.trim(),
          role: values.role,
          language: values.language,
          ...(values.password ? { password: values.password } : {}),
          organizationId: !isStaffRole(values.role) ? (values.organizationId ?? null) : null,
          departmentId: !isStaffRole(values.role) ? null : (values.departmentId ?? null),
        });
        void message.success(t('users.created', { name: created.name }));
      }
      await queryClient.invalidateQueries({ queryKey: queryKeys.users });
      await queryClient.invalidateQueries({ queryKey: configurationAlertsKey });
      onClose();
    });

  return (
    <FormDialog<UserFields>
      form={form}
      title={user ? t('users.edit') : t('users.add')}
      okText={user ? t('common.save') : t('common.create')}
      busy={busy}
      general={general}
      initialValues={
        user
          ? { ...user, departmentId: user.departmentId ?? undefined }
          : // No role is preselected: what a new person may do is the admin's decision, not a default.
            { language: i18n.language === 'zh-CN' ? 'zh-CN' : 'en', disabled: false }
      }
      onFinish={(values) => void submit(values)}
      onClose={onClose}
    >
      <Form.Item name="name" label={t('users.name')} rules={required(t('users.name'))}>
        <Input autoFocus />
      </Form.Item>
      <Form.Item
        name="email"
        label={t('users.email')}
        rules={[...required(t('users.email'), { text: false }), { type: 'email', message: t('form.invalidEmail') }]}
      >
        <Input type="email" disabled={Boolean(user)} />
      </Form.Item>
      <Form.Item name="role" label={t('users.role')} rules={required(t('users.role'), { text: false })}>
        <Select placeholder={t('users.rolePlaceholder')} options={ROLES.map((value) => ({ value, label: t(`role.${value}`) }))} />
      </Form.Item>
      {role !== undefined && !isStaffRole(role) && !user ? (
        <Form.Item name="organizationId" label={t('users.organization')} rules={required(t('users.organization'), { text: false })}>
          <OrganizationSelect />
        </Form.Item>
      ) : null}
      {role === undefined || isStaffRole(role) ? (
        <Form.Item name="departmentId" label={t('users.department')}>
          <Select allowClear options={(departments.data ?? []).map((department) => ({ value: department.id, label: department.name }))} />
        </Form.Item>
      ) : null}
      <Form.Item name="language" label={t('users.language')}>
        <Select options={WEB_LANGUAGES.map((value) => ({ value, label: t(`language.${value}`) }))} />
      </Form.Item>
      {user ? (
        <>
          <Form.Item name="disabled" label={t('users.deactivated')} valuePropName="checked" extra={t('users.deactivatedHelp')}>
            <Switch />
          </Form.Item>
          {user.disabled ? null : <SendResetLink user={user} />}
        </>
      ) : (
        <Form.Item name="password" label={t('users.password')} extra={t('users.passwordHelp')}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      )}
    </FormDialog>
  );
}

/** Mails the user a single-use link to set a new password; their current password works until they use it. */
function SendResetLink({ user }: { user: User }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { busy, error: problem, run } = useAction();
  // Shown in the dialog, not as a passing toast: the admin may want to tell the user by when to use it.
  const [sent, setSent] = useState<{ to: string; expiresAt: string } | null>(null);
  const send = () => {
    setSent(null);
    return run(async () => {
      setSent(await api.post<{ to: string; expiresAt: string }>(`/api/v1/users/${user.id}/password-reset`, {}));
    });
  };
  return (
    <Form.Item>
      <ProblemAlert error={problem} />
      {sent ? (
        <Alert
          type="success"
          showIcon
          role="status"
          title={t('users.resetLinkSent', { email: sent.to, expiresAt: format.dateTime(sent.expiresAt) })}
          style={{ marginBottom: 16 }}
        />
      ) : null}
      <Button onClick={() => void send()} loading={busy}>
        {t('users.sendResetLink')}
      </Button>
    </Form.Item>
  );
}
