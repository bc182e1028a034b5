import { useQueryClient } from '@tanstack/react-query';
import App from 'antd/es/app';
import Button from 'antd/es/button';
import Card from 'antd/es/card';
import Form, { type FormInstance } from 'antd/es/form';
import Input from 'antd/es/input';
import Select from 'antd/es/select';
import Space from 'antd/es/space';
import Tabs from 'antd/es/tabs';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { caseKeys } from '../../api/cases';
import { api } from '../../api/client';
import { useDepartments } from '../../api/queries';
import type { CaseDetail, CaseStatus } from '../../api/types';
import { fromLocalInput, toLocalInput } from '../../components/datetime';
import { useAction, useFormSave } from '../../components/form-dialog';
import { DateTimeItem, useRequired } from '../../components/form-fields';
import { ProblemAlert } from '../../components/problem';
import { StaffSelect } from '../../components/staff-select';
import { isReopen } from '../../../src/domain/cases/case-lifecycle.js';
import { FileDropZone, useCaseFiles } from './case-files';

/** After any change the case, its ladder, its timeline and the queues are stale. */
export function useRefreshCase() {
  const queryClient = useQueryClient();
  return async (_caseId: string): Promise<void> => {
    await queryClient.invalidateQueries({ queryKey: caseKeys.all });
  };
}

/** Status buttons for exactly the moves the server says this user may make now, with an optional note. */
export function TransitionCard({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const refresh = useRefreshCase();
  const [note, setNote] = useState('');
  const { busy, error, run } = useAction();
  const [moving, setMoving] = useState<CaseStatus | null>(null);
  const allowed = detail.allowedTransitions;
  if (allowed.length === 0) return null;

  const move = (to: CaseStatus) => {
    setMoving(to);
    return run(async () => {
      await api.post(`/api/v1/cases/${detail.id}/transitions`, { to, ...(note.trim() ? { note: note.trim() } : {}) });
      setNote('');
      await refresh(detail.id);
    });
  };

  return (
    <Card title={t('actions.transition')} size="small" className="cd-card">
      <ProblemAlert error={error} />
      <Input.TextArea
        aria-label={t('actions.note')}
        placeholder={t('actions.note')}
        value={note}
        onChange={(event) => setNote(event.target.value)}
        autoSize={{ minRows: 1, maxRows: 4 }}
        style={{ marginBottom: 8 }}
      />
      <Space wrap>
        {allowed.map((to) => (
          <Button
            key={to}
            type={to === 'resolved' || to === 'confirmed' ? 'primary' : 'default'}
            loading={busy && moving === to}
            onClick={() => void move(to)}
          >
            {isReopen(detail.status, to) ? t('transition.reopen') : t(`transition.${to}`)}
          </Button>
        ))}
      </Space>
    </Card>
  );
}

/** A case action as a small card holding one form: the server's problem above the fields. */
function FormCard<T extends object>({
  title,
  form,
  general,
  initialValues,
  onFinish,
  children,
}: {
  title: string;
  form: FormInstance<T>;
  general: string | null;
  initialValues: Partial<T>;
  onFinish: (values: T) => void;
  children: ReactNode;
}) {
  return (
    <Card title={title} size="small" className="cd-card">
      <ProblemAlert message={general} />
      <Form<T> form={form} layout="vertical" requiredMark={false} initialValues={initialValues} onFinish={onFinish}>
        {children}
      </Form>
    </Card>
  );
}

export function LevelCard({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const required = useRequired();
  const refresh = useRefreshCase();
  const [form] = Form.useForm<{ level: number; reason: string }>();
  const { general, save } = useFormSave(form);
  const submit = (values: { level: number; reason: string }) =>
    save(async () => {
      await api.post(`/api/v1/cases/${detail.id}/level`, values);
      form.resetFields(['reason']);
      await refresh(detail.id);
    });
  return (
    <FormCard
      title={t('actions.levelChange')}
      form={form}
      general={general}
      initialValues={{ level: detail.level, reason: '' }}
      onFinish={(values) => void submit(values)}
    >
      <Form.Item name="level" label={t('actions.newLevel')}>
        <Select
          options={[1, 2, 3, 4].map((level) => ({ value: level, label: `${t('level.label', { level })} — ${t(`level.${level}`)}` }))}
        />
      </Form.Item>
      <Form.Item name="reason" label={t('actions.reason')} rules={required(t('actions.reason'))}>
        <Input />
      </Form.Item>
      <Button htmlType="submit">{t('actions.levelChange')}</Button>
    </FormCard>
  );
}

export function AssignmentCard({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const refresh = useRefreshCase();
  const departments = useDepartments();
  const [form] = Form.useForm<{ departmentId: string | null; assigneeId: string | null }>();
  const { general, save } = useFormSave(form);
  const submit = (values: { departmentId: string | null; assigneeId: string | null }) =>
    save(async () => {
      await api.patch(`/api/v1/cases/${detail.id}`, { departmentId: values.departmentId ?? null, assigneeId: values.assigneeId ?? null });
      await refresh(detail.id);
    });
  return (
    <FormCard
      title={t('actions.assign')}
      form={form}
      general={general}
      initialValues={{ departmentId: detail.departmentId, assigneeId: detail.assigneeId }}
      onFinish={(values) => void submit(values)}
    >
      <Form.Item name="departmentId" label={t('case.department')}>
        {/* A case keeps someone to escalate to: its department can be changed, not removed. */}
        <Select options={(departments.data ?? []).map((department) => ({ value: department.id, label: department.name }))} />
      </Form.Item>
      <Form.Item name="assigneeId" label={t('case.assignee')}>
        <StaffSelect />
      </Form.Item>
      <Button htmlType="submit">{t('actions.save')}</Button>
    </FormCard>
  );
}

interface ServiceFields {
  type: 'phone' | 'remote' | 'onsite';
  summary: string;
  outcome?: string;
  startedAt?: string;
  endedAt?: string;
  engineerUserId?: string | null;
  plannedStart?: string;
  arrivedAt?: string;
  departedAt?: string;
}

export function ServiceActionCard({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const required = useRequired();
  const refresh = useRefreshCase();
  const { message } = App.useApp();
  const [form] = Form.useForm<ServiceFields>();
  const { general, save } = useFormSave(form);
  const type = Form.useWatch('type', form);
  /** Local date-times side by side, each labelled by its own `actions.<name>` text. */
  const times = (names: (keyof ServiceFields)[]) => (
    <Space wrap>
      {names.map((name) => (
        <DateTimeItem key={name} name={name} label={t(`actions.${name}`)} />
      ))}
    </Space>
  );
  const submit = (values: ServiceFields) => {
    const when = (value: string | undefined) => fromLocalInput(value);
    return save(async () => {
      await api.post(`/api/v1/cases/${detail.id}/actions`, {
        type: values.type,
        summary: values.summary,
        ...(values.outcome ? { outcome: values.outcome } : {}),
        ...(when(values.startedAt) ? { startedAt: when(values.startedAt) } : {}),
        ...(when(values.endedAt) ? { endedAt: when(values.endedAt) } : {}),
        ...(values.type === 'onsite' && values.engineerUserId ? { engineerUserId: values.engineerUserId } : {}),
        ...(values.type === 'onsite' && when(values.plannedStart) ? { plannedStart: when(values.plannedStart) } : {}),
        ...(values.type === 'onsite' && when(values.arrivedAt) ? { arrivedAt: when(values.arrivedAt) } : {}),
        ...(values.type === 'onsite' && when(values.departedAt) ? { departedAt: when(values.departedAt) } : {}),
      });
      form.resetFields(['summary', 'outcome', 'endedAt']);
      void message.success(t('actions.done'));
      await refresh(detail.id);
    });
  };
  return (
    <FormCard
      title={t('actions.service')}
      form={form}
      general={general}
      initialValues={{ type: detail.responsePlan.nextStep?.action ?? 'phone', startedAt: toLocalInput(new Date()) }}
      onFinish={(values) => void submit(values)}
    >
      <Form.Item name="type" label={t('actions.type')}>
        <Select options={(['phone', 'remote', 'onsite'] as const).map((value) => ({ value, label: t(`action.${value}`) }))} />
      </Form.Item>
      <Form.Item name="summary" label={t('actions.summary')} rules={required(t('actions.summary'))}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} />
      </Form.Item>
      <Form.Item name="outcome" label={t('actions.outcome')}>
        <Input />
      </Form.Item>
      {times(['startedAt', 'endedAt'])}
      {type === 'onsite' ? (
        <>
          <Form.Item name="engineerUserId" label={t('actions.engineer')}>
            <StaffSelect />
          </Form.Item>
          {times(['plannedStart', 'arrivedAt', 'departedAt'])}
        </>
      ) : null}
      <Button htmlType="submit" type="primary">
        {t('actions.service')}
      </Button>
    </FormCard>
  );
}

/** Internal note (staff only) or public reply (staff and customer); the text is stored and shown as typed. */
export function NoteCard({ detail, customer = false }: { detail: CaseDetail; customer?: boolean }) {
  const { t } = useTranslation();
  const refresh = useRefreshCase();
  const [visibility, setVisibility] = useState<'internal' | 'public'>(customer ? 'public' : 'internal');
  const [body, setBody] = useState('');
  const { busy, error, run } = useAction();
  const files = useCaseFiles(detail.id);
  const send = async () => {
    if (!body.trim()) return;
    await run(async () => {
      const attachmentIds = files.files.map((file) => file.id);
      await api.post(`/api/v1/cases/${detail.id}/notes`, { body, visibility, ...(attachmentIds.length > 0 ? { attachmentIds } : {}) });
      setBody('');
      files.clear();
      await refresh(detail.id);
    });
  };
  const editor = (
    <FileDropZone
      files={files}
      footer={
        <Button type="primary" loading={busy} onClick={() => void send()} disabled={!body.trim() || files.busy}>
          {visibility === 'internal' ? t('actions.addNote') : t('actions.sendReply')}
        </Button>
      }
    >
      <ProblemAlert error={error} />
      <Input.TextArea
        aria-label={customer ? t('portal.yourReply') : visibility === 'internal' ? t('actions.internalNote') : t('actions.publicReply')}
        value={body}
        onChange={(event) => setBody(event.target.value)}
        onPaste={files.onPaste}
        autoSize={{ minRows: 3, maxRows: 10 }}
        style={{ marginBottom: 8 }}
      />
    </FileDropZone>
  );
  if (customer) {
    return (
      <Card title={t('portal.yourReply')} size="small" className="cd-card">
        {editor}
      </Card>
    );
  }
  return (
    <Card size="small" className="cd-card">
      <Tabs
        activeKey={visibility}
        onChange={(key) => setVisibility(key as 'internal' | 'public')}
        items={[
          { key: 'internal', label: t('actions.internalNote'), children: visibility === 'internal' ? editor : null },
          ...(detail.can.replyPublic
            ? [{ key: 'public', label: t('actions.publicReply'), children: visibility === 'public' ? editor : null }]
            : []),
        ]}
      />
    </Card>
  );
}

/** Records the customer's remote-access authorisation: the customer in the portal, or staff who took it by phone. */
export function RemoteAuthorizationCard({ detail, customer = false }: { detail: CaseDetail; customer?: boolean }) {
  const { t } = useTranslation();
  const refresh = useRefreshCase();
  const [grantedBy, setGrantedBy] = useState('');
  const { busy, error, run } = useAction();
  if (detail.remoteAuthorizedAt) return null;
  const authorize = () =>
    run(async () => {
      await api.post(
        `/api/v1/cases/${detail.id}/remote-authorization`,
        customer || !grantedBy.trim() ? {} : { grantedBy: grantedBy.trim() },
      );
      await refresh(detail.id);
    });
  return (
    <Card title={customer ? t('portal.authorizeRemote') : t('actions.authorizeRemote')} size="small" className="cd-card">
      <ProblemAlert error={error} />
      {customer ? (
        <p>{t('portal.authorizeRemoteHelp')}</p>
      ) : (
        <Input
          aria-label={t('actions.grantedBy')}
          placeholder={t('actions.grantedBy')}
          value={grantedBy}
          onChange={(event) => setGrantedBy(event.target.value)}
          style={{ marginBottom: 8 }}
        />
      )}
      <Button loading={busy} onClick={() => void authorize()}>
        {customer ? t('portal.authorizeRemote') : t('actions.authorizeRemote')}
      </Button>
    </Card>
  );
}
