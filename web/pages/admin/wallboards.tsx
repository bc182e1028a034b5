import { useQuery, useQueryClient } from '@tanstack/react-query';
import App from 'antd/es/app';
import Button from 'antd/es/button';
import Form from 'antd/es/form';
import Input from 'antd/es/input';
import Modal from 'antd/es/modal';
import Table from 'antd/es/table';
import Tag from 'antd/es/tag';
import Typography from 'antd/es/typography';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { WallboardToken } from '../../api/dashboard';
import { FormDialog, useAction, useFormSave } from '../../components/form-dialog';
import { useRequired } from '../../components/form-fields';
import { problemText, ProblemAlert } from '../../components/problem';
import { useFormat } from '../../i18n/format';

const WALLBOARDS_KEY = ['wallboard-tokens'] as const;

/**
 * Wallboards (admins): make a read-only token for a screen on the wall (its link shown once), see when each was last
 * read, revoke one. A token reads the Operation Center and nothing else.
 */
export default function WallboardsPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const { run } = useAction({ onError: (error) => void message.error(problemText(error, t)) });
  const tokens = useQuery({
    queryKey: WALLBOARDS_KEY,
    queryFn: async () => (await api.get<{ items: WallboardToken[] }>('/api/v1/wallboard-tokens')).items,
  });
  const [adding, setAdding] = useState(false);
  const [link, setLink] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: WALLBOARDS_KEY });
  const revoke = (token: WallboardToken) =>
    modal.confirm({
      title: t('wallboards.revokeConfirm', { name: token.name }),
      okText: t('wallboards.revoke'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: () =>
        run(async () => {
          await api.delete(`/api/v1/wallboard-tokens/${token.id}`);
          await refresh();
        }),
    });

  return (
    <>
      <p style={{ marginTop: 0 }}>{t('wallboards.help')}</p>
      <Button type="primary" style={{ marginBottom: 16 }} onClick={() => setAdding(true)}>
        {t('wallboards.add')}
      </Button>
      <ProblemAlert error={tokens.error} />
      <Table<WallboardToken>
        rowKey="id"
        loading={tokens.isPending}
        dataSource={tokens.data ?? []}
        pagination={false}
        scroll={{ x: true }}
        columns={[
          { title: t('wallboards.name'), dataIndex: 'name' },
          { title: t('wallboards.created'), dataIndex: 'createdAt', render: (at: string) => format.dateTime(at) },
          { title: t('wallboards.lastUsed'), dataIndex: 'lastUsedAt', render: (at: string | null) => format.dateTime(at) },
          {
            title: t('wallboards.state'),
            key: 'state',
            render: (_: unknown, row) =>
              row.revokedAt ? (
                <Tag>{t('wallboards.revokedAt', { time: format.dateTime(row.revokedAt) })}</Tag>
              ) : (
                <Tag color="green">{t('wallboards.active')}</Tag>
              ),
          },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_: unknown, row) =>
              row.revokedAt ? null : (
                <Button size="small" danger onClick={() => revoke(row)}>
                  {t('wallboards.revoke')}
                </Button>
              ),
          },
        ]}
      />
      {adding ? (
        <AddWallboardDialog
          onClose={() => setAdding(false)}
          onAdded={(token) => {
            setAdding(false);
            setLink(`${window.location.origin}/wallboard?token=${encodeURIComponent(token)}`);
            void refresh();
          }}
        />
      ) : null}
      {link ? (
        <Modal
          open
          title={t('wallboards.linkTitle')}
          onOk={() => setLink(null)}
          onCancel={() => setLink(null)}
          cancelButtonProps={{ hidden: true }}
        >
          <p>{t('wallboards.linkOnce')}</p>
          <Typography.Paragraph code copyable data-testid="wallboard-link">
            {link}
          </Typography.Paragraph>
        </Modal>
      ) : null}
    </>
  );
}

function AddWallboardDialog({ onClose, onAdded }: { onClose: () => void; onAdded: (token: string) => void }) {
  const { t } = useTranslation();
  const required = useRequired();
  const [form] = Form.useForm<{ name: string }>();
  const { busy, general, save } = useFormSave(form);
  const submit = (values: { name: string }) =>
    save(async () => {
      const created = await api.post<WallboardToken & { token: string }>('/api/v1/wallboard-tokens', { name: values.name });
      onAdded(created.token);
    });
  return (
    <FormDialog<{ name: string }>
      form={form}
      title={t('wallboards.add')}
      okText={t('common.create')}
      busy={busy}
      general={general}
      initialValues={{ name: '' }}
      onFinish={(values) => void submit(values)}
      onClose={onClose}
    >
      <Form.Item name="name" label={t('wallboards.name')} rules={required(t('wallboards.name'))} extra={t('wallboards.nameHelp')}>
        <Input autoFocus />
      </Form.Item>
    </FormDialog>
  );
}
