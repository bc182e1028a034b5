import { useQuery, useQueryClient } from '@tanstack/react-query';
import App from 'antd/es/app';
import Button from 'antd/es/button';
import Card from 'antd/es/card';
import Checkbox from 'antd/es/checkbox';
import Form from 'antd/es/form';
import Input from 'antd/es/input';
import Modal from 'antd/es/modal';
import Space from 'antd/es/space';
import Switch from 'antd/es/switch';
import Table from 'antd/es/table';
import Tag from 'antd/es/tag';
import Typography from 'antd/es/typography';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from '../../../src/domain/webhooks/webhook-events.js';
import { api } from '../../api/client';
import { useRequired } from '../../components/form-fields';
import { FormDialog, useAction, useFormSave } from '../../components/form-dialog';
import { problemText, ProblemAlert } from '../../components/problem';
import { PlainTable } from '../../components/table-card';
import { useFormat } from '../../i18n/format';

interface Webhook {
  id: string;
  url: string;
  events: WebhookEventType[];
  description: string | null;
  enabled: boolean;
  disabledReason: 'admin' | 'failing' | null;
  consecutiveFailures: number;
}

interface Delivery {
  id: string;
  messageId: string;
  eventType: WebhookEventType;
  status: 'pending' | 'delivered' | 'failed';
  attempts: { attemptedAt: string; statusCode: number | null; durationMs: number; responseExcerpt: string | null; error: string | null }[];
  nextAttemptAt: string | null;
  createdAt: string;
}

interface WebhookFields {
  url: string;
  events: WebhookEventType[];
  description?: string;
}

const WEBHOOKS_KEY = ['webhooks'] as const;
const STATUS_COLORS: Record<Delivery['status'], string> = { pending: 'gold', delivered: 'green', failed: 'red' };

/**
 * Webhooks (admins): add one (its signing secret shown once), switch it off or on, remove it, see each delivery
 * with every attempt and redeliver; and whether private addresses may be targets.
 */
export default function WebhooksPage() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const { run } = useAction({ onError: (error) => void message.error(problemText(error, t)) });
  const webhooks = useQuery({ queryKey: WEBHOOKS_KEY, queryFn: () => api.get<Webhook[]>('/api/v1/webhooks') });
  const settings = useQuery({
    queryKey: [...WEBHOOKS_KEY, 'settings'],
    queryFn: () => api.get<{ allowPrivateTargets: boolean }>('/api/v1/webhooks/settings'),
  });
  const [adding, setAdding] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  const [showing, setShowing] = useState<Webhook | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: WEBHOOKS_KEY });

  const switchTo = (webhook: Webhook, enabled: boolean) =>
    run(async () => {
      await api.patch(`/api/v1/webhooks/${webhook.id}`, { enabled });
      await refresh();
    });
  const remove = (webhook: Webhook) =>
    modal.confirm({
      title: t('webhooks.removeConfirm', { url: webhook.url }),
      okText: t('webhooks.remove'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: () =>
        run(async () => {
          await api.delete(`/api/v1/webhooks/${webhook.id}`);
          await refresh();
        }),
    });
  const allowPrivate = (allow: boolean) =>
    run(async () => {
      await api.put('/api/v1/webhooks/settings', { allowPrivateTargets: allow });
      await refresh();
    });

  return (
    <>
      <p style={{ marginTop: 0 }}>{t('webhooks.help')}</p>
      <Space style={{ marginBottom: 16 }} wrap>
        <Button type="primary" onClick={() => setAdding(true)}>
          {t('webhooks.add')}
        </Button>
        <label>
          <Space>
            <Switch
              data-testid="webhooks-allow-private"
              checked={settings.data?.allowPrivateTargets ?? false}
              loading={settings.isPending}
              onChange={(checked) => void allowPrivate(checked)}
            />
            {t('webhooks.allowPrivate')}
          </Space>
        </label>
        <Typography.Text type="secondary">{t('webhooks.allowPrivateHelp')}</Typography.Text>
      </Space>
      <ProblemAlert error={webhooks.error ?? settings.error} />
      <Table<Webhook>
        rowKey="id"
        loading={webhooks.isPending}
        dataSource={webhooks.data ?? []}
        pagination={false}
        scroll={{ x: true }}
        columns={[
          {
            title: t('webhooks.url'),
            dataIndex: 'url',
            render: (url: string, row) => (
              <>
                <Typography.Text code>{url}</Typography.Text>
                {row.description ? <div className="cd-muted">{row.description}</div> : null}
              </>
            ),
          },
          {
            title: t('webhooks.events'),
            dataIndex: 'events',
            render: (events: WebhookEventType[]) => events.map((event) => <Tag key={event}>{t(`webhooks.eventNames.${event}`)}</Tag>),
          },
          {
            title: t('webhooks.status'),
            key: 'status',
            render: (_: unknown, row) => (
              <>
                {row.enabled ? (
                  <Tag color="green">{t('webhooks.enabled')}</Tag>
                ) : (
                  <Tag color={row.disabledReason === 'failing' ? 'red' : 'default'}>
                    {row.disabledReason === 'failing' ? t('webhooks.disabledFailing') : t('webhooks.disabledByAdmin')}
                  </Tag>
                )}
                {row.consecutiveFailures > 0 ? (
                  <div className="cd-muted">{t('webhooks.failures', { count: row.consecutiveFailures })}</div>
                ) : null}
              </>
            ),
          },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_: unknown, row) => (
              <Space wrap>
                <Button size="small" onClick={() => setShowing(row)}>
                  {t('webhooks.deliveries')}
                </Button>
                <Button size="small" onClick={() => void switchTo(row, !row.enabled)}>
                  {row.enabled ? t('webhooks.switchOff') : t('webhooks.switchOn')}
                </Button>
                <Button size="small" danger onClick={() => remove(row)}>
                  {t('webhooks.remove')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      {adding ? (
        <AddWebhookDialog
          onClose={() => setAdding(false)}
          onAdded={(created) => {
            setAdding(false);
            setSecret(created);
            void refresh();
          }}
        />
      ) : null}
      {secret ? (
        <Modal
          open
          title={t('webhooks.secretTitle')}
          onOk={() => setSecret(null)}
          onCancel={() => setSecret(null)}
          cancelButtonProps={{ hidden: true }}
        >
          <p>{t('webhooks.secretOnce')}</p>
          <Typography.Paragraph code copyable data-testid="webhook-secret">
            {secret}
          </Typography.Paragraph>
        </Modal>
      ) : null}
      {showing ? <DeliveriesCard webhook={showing} onClose={() => setShowing(null)} /> : null}
    </>
  );
}

function AddWebhookDialog({ onClose, onAdded }: { onClose: () => void; onAdded: (secret: string) => void }) {
  const { t } = useTranslation();
  const required = useRequired();
  const [form] = Form.useForm<WebhookFields>();
  const { busy, general, save } = useFormSave(form);
  const submit = (values: WebhookFields) =>
    save(async () => {
      const created = await api.post<Webhook & { secret: string }>('/api/v1/webhooks', {
        url: values.url,
        events: values.events,
        description: values.description?.trim() || null,
      });
      onAdded(created.secret);
    });
  return (
    <FormDialog<WebhookFields>
      form={form}
      title={t('webhooks.add')}
      okText={t('common.create')}
      busy={busy}
      general={general}
      initialValues={{ events: [] }}
      onFinish={(values) => void submit(values)}
      onClose={onClose}
    >
      <Form.Item name="url" label={t('webhooks.url')} rules={required(t('webhooks.url'))}>
        <Input autoFocus placeholder="https://erp.example.com/casedesk" />
      </Form.Item>
      <Form.Item
        name="events"
        label={t('webhooks.events')}
        rules={[{ required: true, type: 'array', min: 1, message: t('form.required', { field: t('webhooks.events') }) }]}
      >
        <Checkbox.Group options={WEBHOOK_EVENT_TYPES.map((type) => ({ value: type, label: t(`webhooks.eventNames.${type}`) }))} />
      </Form.Item>
      <Form.Item name="description" label={t('webhooks.description')}>
        <Input />
      </Form.Item>
    </FormDialog>
  );
}

function DeliveriesCard({ webhook, onClose }: { webhook: Webhook; onClose: () => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const { run } = useAction({ onError: (error) => void message.error(problemText(error, t)) });
  const key = [...WEBHOOKS_KEY, webhook.id, 'deliveries'];
  const deliveries = useQuery({
    queryKey: key,
    queryFn: () => api.get<Delivery[]>(`/api/v1/webhooks/${webhook.id}/deliveries`),
    refetchInterval: 5_000,
  });
  const redeliver = (delivery: Delivery) =>
    run(async () => {
      await api.post(`/api/v1/webhooks/${webhook.id}/deliveries/${delivery.id}/redeliver`);
      void message.success(t('webhooks.redelivering'));
      await queryClient.invalidateQueries({ queryKey: key });
    });
  const statusLabel = (status: Delivery['status']) => t(`webhooks.${status}`);
  const rows = deliveries.data ?? [];
  return (
    <Card
      size="small"
      className="cd-card"
      style={{ marginTop: 16 }}
      title={`${t('webhooks.deliveries')}: ${webhook.url}`}
      extra={
        <Button size="small" onClick={onClose}>
          {t('common.close')}
        </Button>
      }
    >
      <ProblemAlert error={deliveries.error} />
      {!deliveries.isPending && rows.length === 0 ? (
        <p className="cd-empty">{t('webhooks.noDeliveries')}</p>
      ) : (
        <PlainTable
          columns={[t('webhooks.event'), t('webhooks.messageId'), t('webhooks.status'), t('webhooks.attempts'), t('common.actions')]}
        >
          {rows.map((row) => (
            <tr key={row.id} data-testid={`webhook-delivery-${row.id}`}>
              <td>
                {t(`webhooks.eventNames.${row.eventType}`)}
                <div className="cd-muted">{format.dateTime(row.createdAt)}</div>
              </td>
              <td>
                <Typography.Text code>{row.messageId}</Typography.Text>
              </td>
              <td>
                <Tag color={STATUS_COLORS[row.status]}>{statusLabel(row.status)}</Tag>
                {row.nextAttemptAt ? (
                  <div className="cd-muted">{t('webhooks.nextAttempt', { time: format.dateTime(row.nextAttemptAt) })}</div>
                ) : null}
              </td>
              <td className="cd-cell-title">
                {row.attempts.map((attempt) => (
                  <div key={attempt.attemptedAt}>
                    {t('webhooks.attemptLine', {
                      time: format.dateTime(attempt.attemptedAt),
                      status: attempt.statusCode ?? t('webhooks.noAnswer'),
                      duration: format.number(attempt.durationMs),
                    })}
                    {attempt.error ? <div className="cd-muted">{attempt.error}</div> : null}
                    {attempt.responseExcerpt ? (
                      <Typography.Text
                        type="secondary"
                        ellipsis={{ tooltip: attempt.responseExcerpt }}
                        style={{ maxWidth: 360, display: 'block' }}
                      >
                        {attempt.responseExcerpt}
                      </Typography.Text>
                    ) : null}
                  </div>
                ))}
              </td>
              <td>
                {row.status !== 'pending' ? (
                  <Button size="small" onClick={() => void redeliver(row)}>
                    {t('webhooks.redeliver')}
                  </Button>
                ) : null}
              </td>
            </tr>
          ))}
        </PlainTable>
      )}
    </Card>
  );
}
