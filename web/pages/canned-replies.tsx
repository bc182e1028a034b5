import App from 'antd/es/app';
import Button from 'antd/es/button';
import Form from 'antd/es/form';
import Input from 'antd/es/input';
import Select from 'antd/es/select';
import Space from 'antd/es/space';
import Table from 'antd/es/table';
import Tag from 'antd/es/tag';
import Typography from 'antd/es/typography';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  CANNED_REPLY_PLACEHOLDERS,
  createCannedReply,
  deleteCannedReply,
  refreshCannedReplies,
  updateCannedReply,
  useCannedReplies,
  type CannedReply,
  type CannedReplyScopeKind,
} from '../api/canned-replies';
import { FormDialog, useFormSave } from '../components/form-dialog';
import { useRequired } from '../components/form-fields';
import { ProblemAlert, problemText } from '../components/problem';

interface ReplyFields {
  title: string;
  departmentId?: string;
  bodyEn?: string;
  bodyZh?: string;
}

/** The API names the texts `body.en` and `body.zh-CN` (the web app reads them without `body.`), `body` for both. */
const FIELD_ALIASES = { en: 'bodyEn', 'zh-CN': 'bodyZh', body: 'bodyEn' };

/** Where replies are managed: a department's shared replies (managers, admins) or the user's own (every staff user). */
export function CannedRepliesManager({ scope }: { scope: CannedReplyScopeKind }) {
  const { t } = useTranslation();
  const { modal, message } = App.useApp();
  const queryClient = useQueryClient();
  const [search, setSearch] = useState('');
  const replies = useCannedReplies({ scope, q: search });
  const [editing, setEditing] = useState<CannedReply | 'new' | null>(null);
  const mayCreate = scope === 'personal' || replies.data?.canShare === true;

  const remove = (reply: CannedReply) =>
    modal.confirm({
      title: t('cannedReplies.deleteTitle', { title: reply.title }),
      okText: t('cannedReplies.delete'),
      okButtonProps: { danger: true },
      onOk: async () => {
        try {
          await deleteCannedReply(reply.id);
          await refreshCannedReplies(queryClient);
        } catch (error) {
          void message.error(problemText(error, t));
        }
      },
    });

  return (
    <>
      {scope === 'department' && replies.data && !replies.data.canShare ? (
        <Typography.Paragraph type="secondary">{t('cannedReplies.noDepartment')}</Typography.Paragraph>
      ) : null}
      <Space wrap style={{ marginBottom: 16 }}>
        {mayCreate ? (
          <Button type="primary" onClick={() => setEditing('new')}>
            {scope === 'department' ? t('cannedReplies.addShared') : t('cannedReplies.addPersonal')}
          </Button>
        ) : null}
        <Input.Search
          allowClear
          aria-label={t('cannedReplies.search')}
          placeholder={t('cannedReplies.search')}
          onSearch={setSearch}
          onChange={(event) => {
            if (!event.target.value) setSearch('');
          }}
          style={{ width: 260 }}
        />
      </Space>
      <ProblemAlert error={replies.error} />
      <Table<CannedReply>
        rowKey="id"
        loading={replies.isPending}
        dataSource={replies.data?.items ?? []}
        pagination={false}
        scroll={{ x: true }}
        locale={{ emptyText: t('cannedReplies.none') }}
        columns={[
          { title: t('cannedReplies.title'), dataIndex: 'title' },
          ...(scope === 'department' ? [{ title: t('cannedReplies.department'), dataIndex: 'departmentName' }] : []),
          {
            title: t('cannedReplies.languages'),
            key: 'languages',
            render: (_value, reply) => (
              <>
                {reply.body.en.trim() ? <Tag>{t('language.en')}</Tag> : null}
                {reply.body['zh-CN'].trim() ? <Tag>{t('language.zh-CN')}</Tag> : null}
              </>
            ),
          },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_value, reply) =>
              reply.canEdit ? (
                <Space>
                  <Button size="small" onClick={() => setEditing(reply)} aria-label={`${t('common.edit')} ${reply.title}`}>
                    {t('common.edit')}
                  </Button>
                  <Button size="small" danger onClick={() => remove(reply)} aria-label={`${t('cannedReplies.delete')} ${reply.title}`}>
                    {t('cannedReplies.delete')}
                  </Button>
                </Space>
              ) : null,
          },
        ]}
      />
      {editing ? (
        <CannedReplyDialog
          scope={scope}
          reply={editing === 'new' ? null : editing}
          departments={replies.data?.shareDepartments ?? []}
          onClose={() => setEditing(null)}
        />
      ) : null}
    </>
  );
}

function CannedReplyDialog({
  scope,
  reply,
  departments,
  onClose,
}: {
  scope: CannedReplyScopeKind;
  reply: CannedReply | null;
  departments: { id: string; name: string }[];
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const required = useRequired();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<ReplyFields>();
  const { busy, general, save } = useFormSave(form, FIELD_ALIASES);
  const initialValues: Partial<ReplyFields> = reply
    ? { title: reply.title, bodyEn: reply.body.en, bodyZh: reply.body['zh-CN'] }
    : { ...(departments.length === 1 ? { departmentId: departments[0]!.id } : {}) };

  const submit = (values: ReplyFields) =>
    save(async () => {
      const input = { title: values.title, body: { en: values.bodyEn ?? '', 'zh-CN': values.bodyZh ?? '' } };
      if (reply) await updateCannedReply(reply.id, input);
      else
        await createCannedReply({
          ...input,
          scope,
          ...(scope === 'department' && values.departmentId ? { departmentId: values.departmentId } : {}),
        });
      void message.success(t('common.saved'));
      await refreshCannedReplies(queryClient);
      onClose();
    });

  const placeholders = CANNED_REPLY_PLACEHOLDERS.map((name) => `{{${name}}}`).join('  ');
  return (
    <FormDialog<ReplyFields>
      form={form}
      title={reply ? t('cannedReplies.edit') : scope === 'department' ? t('cannedReplies.addShared') : t('cannedReplies.addPersonal')}
      okText={reply ? t('common.save') : t('common.create')}
      busy={busy}
      general={general}
      initialValues={initialValues}
      onFinish={(values) => void submit(values)}
      onClose={onClose}
    >
      <Form.Item name="title" label={t('cannedReplies.title')} rules={required(t('cannedReplies.title'))}>
        <Input autoFocus maxLength={200} />
      </Form.Item>
      {scope === 'department' && !reply ? (
        <Form.Item
          name="departmentId"
          label={t('cannedReplies.department')}
          rules={required(t('cannedReplies.department'), { text: false })}
        >
          <Select
            aria-label={t('cannedReplies.department')}
            options={departments.map((department) => ({ value: department.id, label: department.name }))}
          />
        </Form.Item>
      ) : null}
      <Typography.Paragraph type="secondary">
        {t('cannedReplies.placeholdersHelp')} <Typography.Text code>{placeholders}</Typography.Text>
      </Typography.Paragraph>
      <Form.Item name="bodyEn" label={t('cannedReplies.bodyEn')}>
        <Input.TextArea autoSize={{ minRows: 3, maxRows: 12 }} />
      </Form.Item>
      <Form.Item name="bodyZh" label={t('cannedReplies.bodyZh')} extra={t('cannedReplies.oneLanguageEnough')}>
        <Input.TextArea autoSize={{ minRows: 3, maxRows: 12 }} />
      </Form.Item>
    </FormDialog>
  );
}

/** Administration tab: the shared replies of the departments the manager looks after. */
export default function SharedCannedRepliesPage() {
  return <CannedRepliesManager scope="department" />;
}
