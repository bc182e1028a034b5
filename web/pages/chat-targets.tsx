import { useQuery, useQueryClient } from '@tanstack/react-query';
import App from 'antd/es/app';
import Button from 'antd/es/button';
import Card from 'antd/es/card';
import Form from 'antd/es/form';
import Input from 'antd/es/input';
import Select from 'antd/es/select';
import Space from 'antd/es/space';
import Switch from 'antd/es/switch';
import Tag from 'antd/es/tag';
import Typography from 'antd/es/typography';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CHAT_KINDS, SIGNED_CHAT_KINDS, type ChatKind } from '../../src/domain/chat/chat-messages.js';
import { ESCALATION_POSITIONS, type EscalationPosition } from '../../src/domain/escalation/positions.js';
import { api } from '../api/client';
import { FormDialog, useAction, useFormSave } from '../components/form-dialog';
import { useRequired } from '../components/form-fields';
import { problemText, ProblemAlert } from '../components/problem';
import { PlainTable } from '../components/table-card';
import { useFormat } from '../i18n/format';

export interface ChatTarget {
  id: string;
  position: EscalationPosition | null;
  kind: ChatKind;
  url: string;
  label: string | null;
  hasSecret: boolean;
  enabled: boolean;
  lastAttempt: { at: string; delivered: boolean; statusCode: number | null; error: string | null } | null;
  can: { remove: boolean; test: boolean; change: boolean };
}

interface TargetFields {
  position?: EscalationPosition;
  kind: ChatKind;
  url: string;
  secret?: string;
  label?: string;
}

type Scope = 'mine' | 'positions';
const PATHS: Record<Scope, string> = { mine: '/api/v1/me/chat-targets', positions: '/api/v1/position-chat-targets' };

/**
 * Chat targets: one's own (My account) or the positions' (Administration → positions). Add one, send it a test
 * message, switch it off or on, remove it, and see what the last message to it came to.
 */
export function ChatTargetsCard({ scope }: { scope: Scope }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const key = ['chat-targets', scope];
  const targets = useQuery({ queryKey: key, queryFn: () => api.get<ChatTarget[]>(PATHS[scope]) });
  const [adding, setAdding] = useState(false);
  const { busy, run } = useAction({ onError: (error) => void message.error(problemText(error, t)) });
  const refresh = () => queryClient.invalidateQueries({ queryKey: key });

  const test = (target: ChatTarget) =>
    run(async () => {
      const tested = await api.post<ChatTarget>(`/api/v1/chat-targets/${target.id}/test`);
      if (tested.lastAttempt?.delivered) void message.success(t('chat.testSent'));
      else void message.error(t('chat.testFailed', { error: tested.lastAttempt?.error ?? '' }));
      await refresh();
    });
  const switchTo = (target: ChatTarget, enabled: boolean) =>
    run(async () => {
      await api.patch(`/api/v1/chat-targets/${target.id}`, { enabled });
      await refresh();
    });
  const remove = (target: ChatTarget) =>
    modal.confirm({
      title: t('chat.removeConfirm', { name: target.label ?? t(`chat.kinds.${target.kind}`) }),
      okText: t('chat.remove'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: () =>
        run(async () => {
          await api.delete(`/api/v1/chat-targets/${target.id}`);
          await refresh();
        }),
    });

  const rows = targets.data ?? [];
  const columns = [
    ...(scope === 'positions' ? [t('chat.position')] : []),
    t('chat.target'),
    t('chat.lastDelivery'),
    t('chat.enabled'),
    t('common.actions'),
  ];
  return (
    <Card
      title={scope === 'mine' ? t('chat.title') : t('chat.positionsTitle')}
      style={{ marginBottom: 24, maxWidth: 960 }}
      data-testid={`chat-targets-${scope}`}
      extra={
        <Button type="primary" onClick={() => setAdding(true)}>
          {t('chat.add')}
        </Button>
      }
    >
      <p className="cd-muted">{scope === 'mine' ? t('chat.intro') : t('chat.positionsIntro')}</p>
      <ProblemAlert error={targets.error} />
      {!targets.isPending && rows.length === 0 ? (
        <p className="cd-empty">{t('chat.none')}</p>
      ) : (
        <PlainTable columns={columns} stack>
          {rows.map((target) => (
            <tr key={target.id} data-testid={`chat-target-${target.id}`}>
              {scope === 'positions' ? (
                <td data-label={t('chat.position')}>{target.position ? t(`escalationPosition.${target.position}`) : null}</td>
              ) : null}
              <td data-label={t('chat.target')} className="cd-cell-wrap">
                <strong>{target.label ?? t(`chat.kinds.${target.kind}`)}</strong> <Tag>{t(`chat.kinds.${target.kind}`)}</Tag>
                {target.hasSecret ? <Tag color="blue">{t('chat.signed')}</Tag> : null}
                <Typography.Text type="secondary" ellipsis={{ tooltip: target.url }} style={{ display: 'block', maxWidth: 360 }}>
                  {target.url}
                </Typography.Text>
              </td>
              <td data-label={t('chat.lastDelivery')} data-testid="chat-last-delivery">
                {target.lastAttempt ? (
                  <>
                    <Tag color={target.lastAttempt.delivered ? 'green' : 'red'}>
                      {target.lastAttempt.delivered ? t('chat.delivered') : t('chat.failed')}
                    </Tag>
                    <div className="cd-muted">{format.dateTime(target.lastAttempt.at)}</div>
                    {target.lastAttempt.error ? <div className="cd-muted">{target.lastAttempt.error}</div> : null}
                  </>
                ) : (
                  <span className="cd-muted">{t('chat.never')}</span>
                )}
              </td>
              <td data-label={t('chat.enabled')}>
                <Switch
                  aria-label={t('chat.enabled')}
                  checked={target.enabled}
                  disabled={!target.can.change || busy}
                  onChange={(checked) => void switchTo(target, checked)}
                />
              </td>
              <td data-label={t('common.actions')}>
                <Space wrap>
                  {target.can.test ? (
                    <Button size="small" loading={busy} onClick={() => void test(target)}>
                      {t('chat.test')}
                    </Button>
                  ) : null}
                  {target.can.remove ? (
                    <Button size="small" danger onClick={() => remove(target)}>
                      {t('chat.remove')}
                    </Button>
                  ) : null}
                </Space>
              </td>
            </tr>
          ))}
        </PlainTable>
      )}
      {adding ? (
        <AddChatTargetDialog
          scope={scope}
          onClose={() => setAdding(false)}
          onAdded={() => {
            setAdding(false);
            void refresh();
          }}
        />
      ) : null}
    </Card>
  );
}

function AddChatTargetDialog({ scope, onClose, onAdded }: { scope: Scope; onClose: () => void; onAdded: () => void }) {
  const { t } = useTranslation();
  const required = useRequired();
  const [form] = Form.useForm<TargetFields>();
  const { busy, general, save } = useFormSave(form);
  const kind = Form.useWatch('kind', form);
  const submit = (values: TargetFields) =>
    save(async () => {
      await api.post<ChatTarget>(PATHS[scope], {
        ...(scope === 'positions' ? { position: values.position } : {}),
        kind: values.kind,
        url: values.url.trim(),
        secret: values.secret?.trim() || null,
        label: values.label?.trim() || null,
      });
      onAdded();
    });
  return (
    <FormDialog<TargetFields>
      form={form}
      title={t('chat.add')}
      okText={t('common.create')}
      busy={busy}
      general={general}
      initialValues={{ kind: 'wecom' }}
      onFinish={(values) => void submit(values)}
      onClose={onClose}
    >
      {scope === 'positions' ? (
        <Form.Item name="position" label={t('chat.position')} rules={required(t('chat.position'))}>
          <Select
            aria-label={t('chat.position')}
            options={ESCALATION_POSITIONS.map((position) => ({ value: position, label: t(`escalationPosition.${position}`) }))}
          />
        </Form.Item>
      ) : null}
      <Form.Item name="kind" label={t('chat.kind')} rules={required(t('chat.kind'))}>
        <Select aria-label={t('chat.kind')} options={CHAT_KINDS.map((value) => ({ value, label: t(`chat.kinds.${value}`) }))} />
      </Form.Item>
      <Form.Item name="url" label={t('chat.url')} rules={required(t('chat.url'))} extra={kind ? t(`chat.urlHelp.${kind}`) : null}>
        <Input autoFocus={scope === 'mine'} />
      </Form.Item>
      {kind && SIGNED_CHAT_KINDS.includes(kind) ? (
        <Form.Item name="secret" label={t('chat.secret')} extra={t('chat.secretHelp')}>
          <Input.Password autoComplete="off" />
        </Form.Item>
      ) : null}
      <Form.Item name="label" label={t('chat.label')}>
        <Input placeholder={t('chat.labelPlaceholder')} />
      </Form.Item>
    </FormDialog>
  );
}
