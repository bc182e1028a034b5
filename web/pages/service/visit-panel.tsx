import { useQueryClient } from '@tanstack/react-query';
import App from 'antd/es/app';
import Alert from 'antd/es/alert';
import Button from 'antd/es/button';
import Card from 'antd/es/card';
import Form from 'antd/es/form';
import Input from 'antd/es/input';
import Modal from 'antd/es/modal';
import Space from 'antd/es/space';
import Tag from 'antd/es/tag';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiProblem } from '../../api/client';
import {
  findEngineerVisits,
  refreshServiceLoop,
  scheduleVisit,
  useCaseVisits,
  type ScheduleVisitInput,
  type Visit,
} from '../../api/service-loop';
import { useSession } from '../../api/session';
import type { CaseDetail, Permission } from '../../api/types';
import { fromLocalInput, toLocalInput } from '../../components/datetime';
import { useFormSave } from '../../components/form-dialog';
import { DateTimeItem, useRequired } from '../../components/form-fields';
import { ProblemAlert } from '../../components/problem';
import { StaffSelect } from '../../components/staff-select';
import { useFormat } from '../../i18n/format';
import { windowEnd } from './visit-window';
import { isResolvedStatus } from '../../../src/domain/cases/case-lifecycle.js';
import './service.css';

interface ScheduleValues {
  engineerUserId: string | null;
  startsAt: string;
  endsAt: string;
  site: string;
  contactName: string;
  contactPhone: string;
  notes: string;
}

/** On the case view: the case's on-site visits and, for staff who may, scheduling one (clashes are shown first). */
export function VisitPanel({ detail }: { detail: CaseDetail }) {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const { can } = useSession();
  const visits = useCaseVisits(detail.id, can('visits.read'));
  const [scheduling, setScheduling] = useState(false);
  if (!can('visits.read')) return null;
  const canSchedule = mayScheduleVisit(detail, can);
  return (
    <Card title={t('service.visitPanel.title')} size="small" className="cd-card" data-testid="visit-panel">
      <ProblemAlert error={visits.error} />
      {(visits.data ?? []).length === 0 && !visits.isPending ? <p className="cd-muted">{t('service.visitPanel.none')}</p> : null}
      <ul className="cd-plain-list">
        {(visits.data ?? []).map((visit) => (
          <li key={visit.id} style={{ marginBottom: 6 }}>
            <Tag>{t(`service.visitStatus.${visit.status}`)}</Tag>
            {t('service.visits.window', {
              start: format.dateTime(visit.startsAt),
              end: windowEnd(visit.startsAt, visit.endsAt, i18n.language, format.dateTime),
            })}{' '}
            · {visit.engineerName} · <span className="cd-text">{visit.site}</span>
            {visit.conflictsWith.length > 0 && visit.status !== 'cancelled' ? (
              <Tag color="warning" style={{ marginLeft: 6 }}>
                {t('service.visitPanel.conflictTitle')}
              </Tag>
            ) : null}
          </li>
        ))}
      </ul>
      {canSchedule ? (
        <Button onClick={() => setScheduling(true)} style={{ marginTop: 8 }}>
          {t('service.visitPanel.schedule')}
        </Button>
      ) : null}
      {scheduling ? <ScheduleVisitDialog detail={detail} onClose={() => setScheduling(false)} /> : null}
    </Card>
  );
}

/**
 * Visits are booked by who may manage them, while the case is still open. A new visit has no record to carry a
 * `can` yet, so booking follows the session's permission; a booked visit carries `visit.can` (arrive, depart, cancel).
 */
export function mayScheduleVisit(detail: CaseDetail, can: (permission: Permission) => boolean): boolean {
  return can('visits.manage') && !isResolvedStatus(detail.status);
}

/** Booking the engineer's visit, in a dialog: a clash with their other visits is shown first, to book anyway or not. */
export function ScheduleVisitDialog({ detail, onClose }: { detail: CaseDetail; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal open title={t('service.visitPanel.schedule')} onCancel={onClose} footer={null} destroyOnHidden>
      <ScheduleForm detail={detail} onClose={onClose} />
    </Modal>
  );
}

function ScheduleForm({ detail, onClose }: { detail: CaseDetail; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const required = useRequired();
  const format = useFormat();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<ScheduleValues>();
  const { busy, general, save } = useFormSave(form, { engineerUserId: 'engineerUserId' });
  /** Set after a 409: the visits the engineer already has in that window, and the request to repeat with consent. */
  const [clash, setClash] = useState<{ visits: Visit[]; input: ScheduleVisitInput } | null>(null);

  const initial = (): ScheduleValues => {
    const start = new Date(Date.now() + 86_400_000);
    start.setHours(9, 0, 0, 0);
    return {
      engineerUserId: detail.assigneeId ?? null,
      startsAt: toLocalInput(start),
      endsAt: toLocalInput(new Date(start.getTime() + 2 * 3_600_000)),
      site: '',
      contactName: '',
      contactPhone: '',
      notes: '',
    };
  };

  const send = (input: ScheduleVisitInput) =>
    save(async () => {
      try {
        await scheduleVisit(detail.id, input);
      } catch (error) {
        // A clash is no failure to show: the visits in the way are listed, to schedule anyway or not.
        if (error instanceof ApiProblem && error.status === 409 && !input.allowConflict) {
          const visits = await findEngineerVisits(input.engineerUserId, input.startsAt, input.endsAt).catch(() => []);
          if (visits.length > 0) {
            setClash({ visits, input });
            return;
          }
        }
        throw error;
      }
      void message.success(t('service.visitPanel.scheduled'));
      setClash(null);
      onClose();
      await refreshServiceLoop(queryClient);
    });

  const submit = (values: ScheduleValues) => {
    const startsAt = fromLocalInput(values.startsAt);
    const endsAt = fromLocalInput(values.endsAt);
    if (!startsAt || !endsAt || Date.parse(endsAt) <= Date.parse(startsAt)) {
      form.setFields([{ name: 'endsAt', errors: [t('service.visitPanel.endBeforeStart')] }]);
      return;
    }
    const optional = (value: string) => (value?.trim() ? value.trim() : null);
    void send({
      engineerUserId: values.engineerUserId!,
      startsAt,
      endsAt,
      site: optional(values.site),
      contactName: optional(values.contactName),
      contactPhone: optional(values.contactPhone),
      notes: optional(values.notes),
    });
  };

  return (
    <Form
      form={form}
      layout="vertical"
      requiredMark={false}
      initialValues={initial()}
      onFinish={submit}
      onValuesChange={() => setClash(null)}
      aria-label={t('service.visitPanel.schedule')}
    >
      <ProblemAlert message={general} />
      <Form.Item name="engineerUserId" label={t('service.visits.engineer')} rules={required(t('service.visits.engineer'))}>
        <StaffSelect allowClear={false} aria-label={t('service.visits.engineer')} />
      </Form.Item>
      <Space wrap>
        <DateTimeItem name="startsAt" label={t('service.visitPanel.startsAt')} rules={required(t('service.visitPanel.startsAt'))} />
        <DateTimeItem name="endsAt" label={t('service.visitPanel.endsAt')} rules={required(t('service.visitPanel.endsAt'))} />
      </Space>
      <Form.Item name="site" label={t('service.visitPanel.site')}>
        <Input />
      </Form.Item>
      <Space wrap>
        <Form.Item name="contactName" label={t('service.visitPanel.contactName')}>
          <Input />
        </Form.Item>
        <Form.Item name="contactPhone" label={t('service.visitPanel.contactPhone')}>
          <Input type="tel" />
        </Form.Item>
      </Space>
      <Form.Item name="notes" label={t('service.visitPanel.notes')}>
        <Input.TextArea autoSize={{ minRows: 1, maxRows: 5 }} />
      </Form.Item>
      {clash ? (
        <Alert
          type="warning"
          showIcon
          role="alert"
          style={{ marginBottom: 12 }}
          title={t('service.visitPanel.conflictTitle')}
          description={
            <>
              <ul className="cd-conflict-list" data-testid="visit-conflicts">
                {clash.visits.map((visit) => (
                  <li key={visit.id}>
                    {t('service.visitPanel.conflictItem', {
                      number: visit.caseNumber,
                      start: format.dateTime(visit.startsAt),
                      end: windowEnd(visit.startsAt, visit.endsAt, i18n.language, format.dateTime),
                      site: visit.site,
                    })}
                  </li>
                ))}
              </ul>
              <Space wrap style={{ marginTop: 8 }}>
                <Button danger loading={busy} onClick={() => void send({ ...clash.input, allowConflict: true })}>
                  {t('service.visitPanel.bookAnyway')}
                </Button>
                <Button onClick={() => setClash(null)}>{t('service.visitPanel.changeTime')}</Button>
              </Space>
            </>
          }
        />
      ) : null}
      <Space wrap>
        <Button type="primary" htmlType="submit" loading={busy} disabled={clash !== null}>
          {t('service.visitPanel.submit')}
        </Button>
        <Button onClick={onClose}>{t('common.cancel')}</Button>
      </Space>
    </Form>
  );
}
