import Button from 'antd/es/button';
import Card from 'antd/es/card';
import Form from 'antd/es/form';
import Input from 'antd/es/input';
import Modal from 'antd/es/modal';
import Tag from 'antd/es/tag';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { closeFollowUp, useFollowUps, useSurveys, type FollowUp } from '../api/service-loop';
import { useSession } from '../api/session';
import type { CaseDetail } from '../api/types';
import { useFormat } from '../i18n/format';
import '../pages/service/service.css';
import { useNow } from './case-bits';
import { useFormSave } from './form-dialog';
import { useRequired } from './form-fields';
import { ProblemAlert } from './problem';
import { useServiceLoopSaved } from './service-loop-saved';

/** The scores of 2 or less that opened a follow-up, e.g. "Service personnel: 2". */
export function LowScoreTags({ followUp }: { followUp: FollowUp }) {
  const { t } = useTranslation();
  return (
    <div className="cd-score-row">
      {followUp.lowScores.map((low) => (
        <Tag key={low.question} color="volcano">
          {t('common.labelled', { label: t(`service.question.${low.question}`) })}
          {low.score}
        </Tag>
      ))}
    </div>
  );
}

/** "Open" (red when past due) or "Closed". */
export function FollowUpStatusTags({ followUp, now }: { followUp: FollowUp; now: number }) {
  const { t } = useTranslation();
  if (followUp.status === 'closed') return <Tag color="green">{t('service.followUps.closed')}</Tag>;
  return (
    <>
      <Tag color="gold">{t('service.followUps.open')}</Tag>
      {Date.parse(followUp.dueAt) < now ? <Tag color="red">{t('service.followUps.overdue')}</Tag> : null}
    </>
  );
}

/** Closing a follow-up takes a note of what was done about the low score; the server closes it once, never twice. */
export function CloseFollowUpDialog({ followUp, onClose }: { followUp: FollowUp; onClose: () => void }) {
  const { t } = useTranslation();
  const required = useRequired();
  const saved = useServiceLoopSaved();
  const [form] = Form.useForm<{ resolution: string }>();
  const { general, save } = useFormSave(form);
  const submit = (values: { resolution: string }) =>
    save(async () => {
      await closeFollowUp(followUp.id, values.resolution);
      await saved(t('service.followUps.closedToast'));
      onClose();
    });
  return (
    <Modal open title={`${t('service.followUps.closeTitle')} · ${followUp.organizationName}`} onCancel={onClose} footer={null}>
      <Form
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={{ resolution: '' }}
        onFinish={(values) => void submit(values)}
      >
        <ProblemAlert message={general} />
        <Form.Item name="resolution" label={t('service.followUps.resolution')} rules={required(t('service.followUps.resolution'))}>
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} autoFocus />
        </Form.Item>
        <Button type="primary" htmlType="submit">
          {t('service.followUps.closeTitle')}
        </Button>
      </Form>
    </Modal>
  );
}

/**
 * On the case view, for the roles that may read follow-ups (managers): what the low survey scores of this case opened,
 * who owns each and by when, and closing one with a note.
 */
export function FollowUpPanel({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { can } = useSession();
  const now = useNow(60_000);
  const [closing, setClosing] = useState<FollowUp | null>(null);
  const allowed = can('follow-ups.read');
  const followUps = useFollowUps({ caseId: detail.id }, allowed);
  // The survey's own comment says why the score was low: worth reading before closing the follow-up.
  const surveys = useSurveys({ caseId: detail.id }, allowed && can('surveys.read'));
  if (!allowed) return null;
  const items = followUps.data ?? [];
  return (
    <Card title={t('service.followUps.title')} size="small" className="cd-card" data-testid="follow-up-panel">
      <ProblemAlert error={followUps.error} />
      {items.length === 0 && !followUps.isPending ? <p className="cd-muted">{t('service.followUps.noneOnCase')}</p> : null}
      <ul className="cd-plain-list">
        {items.map((followUp) => {
          const comment = surveys.data?.find((survey) => survey.id === followUp.surveyId)?.comment;
          return (
            <li key={followUp.id} data-follow-up={followUp.status} style={{ marginBottom: 12 }}>
              <div>
                <FollowUpStatusTags followUp={followUp} now={now} />
                {t('service.followUps.dueOn', { time: format.dateTime(followUp.dueAt) })} ·{' '}
                {t('service.followUps.ownedBy', {
                  name: followUp.assigneeName ?? t('common.nobody'),
                  department: followUp.departmentName ?? t('common.none'),
                })}
              </div>
              <LowScoreTags followUp={followUp} />
              {comment ? <p className="cd-text cd-muted">{t('service.followUps.surveyComment', { comment })}</p> : null}
              {followUp.status === 'closed' ? (
                <p className="cd-text">
                  <strong>{t('service.followUps.closedAt', { time: format.dateTime(followUp.closedAt) })}</strong> {followUp.resolution}
                </p>
              ) : can('follow-ups.manage') ? (
                <Button size="small" onClick={() => setClosing(followUp)} style={{ marginTop: 4 }}>
                  {t('service.followUps.close')}
                </Button>
              ) : null}
            </li>
          );
        })}
      </ul>
      {closing ? <CloseFollowUpDialog followUp={closing} onClose={() => setClosing(null)} /> : null}
    </Card>
  );
}
