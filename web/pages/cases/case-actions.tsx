import App from 'antd/es/app';
import Button from 'antd/es/button';
import Card from 'antd/es/card';
import Form from 'antd/es/form';
import Input from 'antd/es/input';
import Select from 'antd/es/select';
import Space from 'antd/es/space';
import Tabs from 'antd/es/tabs';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useRefreshCase } from '../../api/cases';
import { api } from '../../api/client';
import { useDepartments } from '../../api/queries';
import type { CaseDetail, CaseStatus } from '../../api/types';
import { fromLocalInput, toLocalInput } from '../../components/datetime';
import { FormDialog, useAction, useFormSave } from '../../components/form-dialog';
import { DateTimeItem, useRequired } from '../../components/form-fields';
import { ProblemAlert, problemText } from '../../components/problem';
import { StaffSelect } from '../../components/staff-select';
import { useFollowRecord } from '../../components/follow-record';
import { isReopen } from '../../../src/domain/cases/case-lifecycle.js';
import { FileDropZone, useCaseFiles } from './case-files';
import { ArticleLinkPicker } from '../../components/article-links';
import { CannedReplyPicker } from '../../components/canned-reply-picker';
import { useUnsavedChangesGuard } from '../../components/use-unsaved-changes-guard';

/** Status buttons for exactly the moves the server says this user may make now, with an optional note. */
export function TransitionCard({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  if (detail.allowedTransitions.length === 0) return null;
  return (
    <Card title={t('actions.transition')} size="small" className="cd-card">
      <TransitionControls detail={detail} />
    </Card>
  );
}

/** The status moves themselves, for a card or for the case page's properties. */
export function TransitionControls({ detail }: { detail: CaseDetail }) {
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
    <div className="cd-transitions">
      <ProblemAlert error={error} />
      <Space wrap size={6} style={{ marginBottom: 6 }} data-shortcut="status">
        {allowed.map((to) => (
          <Button
            key={to}
            size="small"
            type={to === 'resolved' || to === 'confirmed' ? 'primary' : 'default'}
            loading={busy && moving === to}
            onClick={() => void move(to)}
          >
            {isReopen(detail.status, to) ? t('transition.reopen') : t(`transition.${to}`)}
          </Button>
        ))}
      </Space>
      <Input.TextArea
        aria-label={t('actions.note')}
        placeholder={t('actions.note')}
        value={note}
        onChange={(event) => setNote(event.target.value)}
        autoSize={{ minRows: 1, maxRows: 4 }}
      />
    </div>
  );
}

/** A rare case action: its form in a dialog that closes once the change is saved. */
export interface CaseDialogProps {
  detail: CaseDetail;
  onClose: () => void;
}

export function LevelDialog({ detail, onClose }: CaseDialogProps) {
  const { t } = useTranslation();
  const required = useRequired();
  const refresh = useRefreshCase();
  const [form] = Form.useForm<{ level: number; reason: string }>();
  const { busy, general, save } = useFormSave(form);
  useFollowRecord(form, { level: detail.level });
  const submit = (values: { level: number; reason: string }) =>
    save(async () => {
      await api.post(`/api/v1/cases/${detail.id}/level`, values);
      onClose();
      await refresh(detail.id);
    });
  return (
    <FormDialog
      title={t('actions.levelChange')}
      okText={t('actions.levelChange')}
      form={form}
      busy={busy}
      general={general}
      initialValues={{ level: detail.level, reason: '' }}
      onFinish={(values) => void submit(values)}
      onClose={onClose}
    >
      <Form.Item name="level" label={t('actions.newLevel')}>
        <Select
          options={[1, 2, 3, 4].map((level) => ({ value: level, label: `${t('level.label', { level })} — ${t(`level.${level}`)}` }))}
        />
      </Form.Item>
      <Form.Item name="reason" label={t('actions.reason')} rules={required(t('actions.reason'))}>
        <Input autoFocus />
      </Form.Item>
    </FormDialog>
  );
}

/** Department and assignee are changed in place: each choice is saved at once, a refusal told in a toast. */
function useAssignmentChange(detail: CaseDetail) {
  const { t } = useTranslation();
  const refresh = useRefreshCase();
  const { message } = App.useApp();
  const { busy, run } = useAction({ onError: (error) => void message.error(problemText(error, t)) });
  const change = (patch: { departmentId?: string; assigneeId?: string | null }) =>
    run(async () => {
      await api.patch(`/api/v1/cases/${detail.id}`, patch);
      await refresh(detail.id);
    });
  return { busy, change };
}

/** The case's servicing department: it can be changed, not removed (a case keeps someone to escalate to). */
export function DepartmentField({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const departments = useDepartments();
  const { busy, change } = useAssignmentChange(detail);
  return (
    <Select
      aria-label={t('case.department')}
      size="small"
      disabled={busy}
      value={detail.departmentId ?? undefined}
      placeholder={t('common.none')}
      onChange={(departmentId: string) => void change({ departmentId })}
      options={(departments.data ?? []).map((department) => ({ value: department.id, label: department.name }))}
      style={{ width: '100%' }}
    />
  );
}

export function AssigneeField({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const { busy, change } = useAssignmentChange(detail);
  return (
    <StaffSelect
      aria-label={t('case.assignee')}
      size="small"
      disabled={busy}
      value={detail.assigneeId}
      onChange={(assigneeId) => void change({ assigneeId })}
      style={{ width: '100%' }}
    />
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

/** A phone, remote or on-site service action, with its times (and for on-site the engineer's visit times). */
export function ServiceActionDialog({ detail, onClose }: CaseDialogProps) {
  const { t } = useTranslation();
  const required = useRequired();
  const refresh = useRefreshCase();
  const { message } = App.useApp();
  const [form] = Form.useForm<ServiceFields>();
  const { busy, general, save } = useFormSave(form);
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
      onClose();
      void message.success(t('actions.done'));
      await refresh(detail.id);
    });
  };
  return (
    <FormDialog
      title={t('actions.service')}
      okText={t('actions.service')}
      form={form}
      busy={busy}
      general={general}
      onClose={onClose}
      initialValues={{ type: detail.responsePlan.nextStep?.action ?? 'phone', startedAt: toLocalInput(new Date()) }}
      onFinish={(values) => void submit(values)}
    >
      <Form.Item name="type" label={t('actions.type')}>
        <Select options={(['phone', 'remote', 'onsite'] as const).map((value) => ({ value, label: t(`action.${value}`) }))} />
      </Form.Item>
      <Form.Item name="summary" label={t('actions.summary')} rules={required(t('actions.summary'))}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} autoFocus />
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
    </FormDialog>
  );
}

/** What a composer tool gets: the kind of message being written, and a way to put text into it. */
export interface ComposerToolContext {
  visibility: 'internal' | 'public';
  insert: (text: string) => void;
}

/**
 * The case page's composer: an internal note (staff only) or a public reply (staff and customer), with files. The text
 * is stored and shown as typed, and may be left empty when files go with it. `tools` adds items to its toolbar (next
 * to the article link picker), each able to insert text.
 */
export function NoteCard({
  detail,
  customer = false,
  tools,
}: {
  detail: CaseDetail;
  customer?: boolean;
  tools?: (context: ComposerToolContext) => ReactNode;
}) {
  const { t } = useTranslation();
  const refresh = useRefreshCase();
  const [visibility, setVisibility] = useState<'internal' | 'public'>(customer ? 'public' : 'internal');
  const [body, setBody] = useState('');
  const { busy, error, run } = useAction();
  const files = useCaseFiles(detail.id);
  // Text, files or both: a message of files only is fine.
  const empty = !body.trim() && files.files.length === 0;
  // Sending empties the composer, which lifts the guard by itself.
  useUnsavedChangesGuard(!empty);
  const insert = (text: string) => setBody((current) => (current.trim() ? `${current.trimEnd()}\n${text}` : text));
  const send = async () => {
    if (empty) return;
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
        <Button type="primary" loading={busy} onClick={() => void send()} disabled={empty || files.busy}>
          {visibility === 'internal' ? t('actions.addNote') : t('actions.sendReply')}
        </Button>
      }
    >
      <ProblemAlert error={error} />
      {customer ? null : (
        <div className="cd-composer-tools">
          <ArticleLinkPicker caseId={detail.id} audience={visibility} onInsert={insert} />
          <CannedReplyPicker caseId={detail.id} onInsert={insert} />
          {tools?.({ visibility, insert })}
        </div>
      )}
      <Input.TextArea
        aria-label={customer ? t('portal.yourReply') : visibility === 'internal' ? t('actions.internalNote') : t('actions.publicReply')}
        data-shortcut={visibility === 'internal' ? 'note' : 'reply'}
        placeholder={customer ? undefined : visibility === 'internal' ? t('casePage.internalHint') : t('casePage.publicHint')}
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
    <Card size="small" className="cd-card cd-composer" data-visibility={visibility} data-testid="case-composer">
      <Tabs
        size="small"
        activeKey={visibility}
        onChange={(key) => setVisibility(key as 'internal' | 'public')}
        items={[
          {
            key: 'internal',
            label: <span data-shortcut-open="note">{t('actions.internalNote')}</span>,
            children: visibility === 'internal' ? editor : null,
          },
          ...(detail.can.replyPublic
            ? [
                {
                  key: 'public',
                  label: <span data-shortcut-open="reply">{t('actions.publicReply')}</span>,
                  children: visibility === 'public' ? editor : null,
                },
              ]
            : []),
        ]}
      />
    </Card>
  );
}

/** The customer allows remote access from the portal, in one click. */
export function RemoteAuthorizationCard({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const refresh = useRefreshCase();
  const { busy, error, run } = useAction();
  if (detail.remoteAuthorizedAt) return null;
  const authorize = () =>
    run(async () => {
      await api.post(`/api/v1/cases/${detail.id}/remote-authorization`, {});
      await refresh(detail.id);
    });
  return (
    <Card title={t('portal.authorizeRemote')} size="small" className="cd-card">
      <ProblemAlert error={error} />
      <p>{t('portal.authorizeRemoteHelp')}</p>
      <Button loading={busy} onClick={() => void authorize()}>
        {t('portal.authorizeRemote')}
      </Button>
    </Card>
  );
}

/** Staff record the customer's remote-access authorisation taken by phone, naming who gave it. */
export function RemoteAuthorizationDialog({ detail, onClose }: CaseDialogProps) {
  const { t } = useTranslation();
  const refresh = useRefreshCase();
  const [form] = Form.useForm<{ grantedBy: string }>();
  const { busy, general, save } = useFormSave(form);
  const submit = (values: { grantedBy: string }) =>
    save(async () => {
      const grantedBy = values.grantedBy?.trim();
      await api.post(`/api/v1/cases/${detail.id}/remote-authorization`, grantedBy ? { grantedBy } : {});
      onClose();
      await refresh(detail.id);
    });
  return (
    <FormDialog
      title={t('actions.authorizeRemote')}
      okText={t('actions.authorizeRemote')}
      form={form}
      busy={busy}
      general={general}
      initialValues={{ grantedBy: '' }}
      onFinish={(values) => void submit(values)}
      onClose={onClose}
    >
      <Form.Item name="grantedBy" label={t('actions.grantedBy')}>
        <Input autoFocus />
      </Form.Item>
    </FormDialog>
  );
}
