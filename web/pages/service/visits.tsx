import Alert from 'antd/es/alert';
import Button from 'antd/es/button';
import Card from 'antd/es/card';
import Form from 'antd/es/form';
import Input from 'antd/es/input';
import Space from 'antd/es/space';
import Tag from 'antd/es/tag';
import Typography from 'antd/es/typography';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import {
  cancelVisit,
  issueCalendarFeed,
  recordArrival,
  recordDeparture,
  useMyVisits,
  type Visit,
  type VisitStatus,
} from '../../api/service-loop';
import { useRequired } from '../../components/form-fields';
import { PageLoading } from '../../components/page-loading';
import { useAction, useFormSave } from '../../components/form-dialog';
import { ProblemAlert } from '../../components/problem';
import { useServiceLoopSaved } from '../../components/service-loop-saved';
import { useFormat } from '../../i18n/format';
import './service.css';
import { windowEnd } from './visit-window';

const DAY_MS = 86_400_000;
const STATUS_COLOURS: Record<VisitStatus, string> = { scheduled: 'blue', 'on-site': 'orange', done: 'green', cancelled: 'default' };

function startOfToday(): Date {
  const now = new Date();
  return new Date(now.getFullYear(), now.getMonth(), now.getDate());
}

/**
 * The engineer's own visits at /visits, built for a phone on site: today first, then what is coming, and anything
 * started earlier but not yet finished. Arrival and departure are one big button each.
 */
export default function VisitsPage() {
  const { t } = useTranslation();
  // Fixed for the life of the page so the query key stays the same between renders.
  const [range] = useState(() => {
    const today = startOfToday();
    return {
      today: today.getTime(),
      tomorrow: today.getTime() + DAY_MS,
      from: new Date(today.getTime() - 7 * DAY_MS).toISOString(),
      to: new Date(today.getTime() + 31 * DAY_MS).toISOString(),
    };
  });
  const visits = useMyVisits(range.from, range.to);

  if (visits.isPending) return <PageLoading />;
  const all = visits.data ?? [];
  const startOf = (visit: Visit) => Date.parse(visit.startsAt);
  const unfinished = all.filter((visit) => startOf(visit) < range.today && (visit.status === 'scheduled' || visit.status === 'on-site'));
  const today = all.filter((visit) => startOf(visit) >= range.today && startOf(visit) < range.tomorrow);
  const upcoming = all.filter((visit) => startOf(visit) >= range.tomorrow);

  return (
    <div className="cd-visits">
      <Typography.Title level={2} className="cd-page-title">
        {t('service.visits.title')}
      </Typography.Title>
      <ProblemAlert error={visits.error} />
      {all.length === 0 || unfinished.length + today.length + upcoming.length === 0 ? (
        <p className="cd-muted">{t('service.visits.none')}</p>
      ) : null}
      <VisitSection title={t('service.visits.unfinished')} visits={unfinished} all={all} />
      <VisitSection title={t('service.visits.today')} visits={today} all={all} />
      <VisitSection title={t('service.visits.upcoming')} visits={upcoming} all={all} />
      <CalendarFeedCard />
    </div>
  );
}

function VisitSection({ title, visits, all }: { title: string; visits: Visit[]; all: Visit[] }) {
  if (visits.length === 0) return null;
  return (
    <section aria-label={title}>
      <Typography.Title level={3} className="cd-visits-heading">
        {title}
      </Typography.Title>
      {visits.map((visit) => (
        <VisitCard key={visit.id} visit={visit} all={all} />
      ))}
    </section>
  );
}

function VisitCard({ visit, all }: { visit: Visit; all: Visit[] }) {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const saved = useServiceLoopSaved();
  const [mode, setMode] = useState<'idle' | 'departing' | 'cancelling'>('idle');
  const { busy, error, run } = useAction();
  const clashes = visit.conflictsWith.map((id) => all.find((other) => other.id === id)?.caseNumber ?? '?');

  const arrive = () =>
    run(async () => {
      await recordArrival(visit.id);
      await saved(t('service.visits.arrived'));
    });

  return (
    <Card
      size="small"
      className="cd-card cd-visit-card"
      data-testid="visit-card"
      data-visit-id={visit.id}
      title={
        <span className="cd-visit-window">
          {t('service.visits.window', {
            start: format.dateTime(visit.startsAt),
            end: windowEnd(visit.startsAt, visit.endsAt, i18n.language, format.dateTime),
          })}
        </span>
      }
      extra={<Tag color={STATUS_COLOURS[visit.status]}>{t(`service.visitStatus.${visit.status}`)}</Tag>}
    >
      <p className="cd-visit-case">
        <Link to={`/cases/${visit.caseId}`} aria-label={t('service.visits.openCase', { number: visit.caseNumber })}>
          <strong>{visit.caseNumber}</strong>
        </Link>{' '}
        {visit.caseTitle}
      </p>
      <dl className="cd-visit-facts">
        <dt>{t('case.customer')}</dt>
        <dd>{visit.organizationName}</dd>
        <dt>{t('service.visits.site')}</dt>
        <dd className="cd-text">{visit.site}</dd>
        {visit.contactName || visit.contactPhone ? (
          <>
            <dt>{t('service.visits.contact')}</dt>
            <dd>
              {visit.contactName}{' '}
              {visit.contactPhone ? <a href={`tel:${visit.contactPhone.replace(/[^\d+]/g, '')}`}>{visit.contactPhone}</a> : null}
            </dd>
          </>
        ) : null}
        {visit.notes ? (
          <>
            <dt>{t('service.visits.notes')}</dt>
            <dd className="cd-text">{visit.notes}</dd>
          </>
        ) : null}
        {visit.arrivedAt ? (
          <>
            <dt>{t('service.visits.arrivedAt')}</dt>
            <dd>{format.dateTime(visit.arrivedAt)}</dd>
          </>
        ) : null}
        {visit.departedAt ? (
          <>
            <dt>{t('service.visits.departedAt')}</dt>
            <dd>{format.dateTime(visit.departedAt)}</dd>
          </>
        ) : null}
        {visit.workDone ? (
          <>
            <dt>{t('service.visits.workDone')}</dt>
            <dd className="cd-text">{visit.workDone}</dd>
          </>
        ) : null}
      </dl>
      {clashes.length > 0 ? (
        <Alert type="warning" showIcon role="status" title={t('service.visits.conflict', { cases: clashes.join(', ') })} />
      ) : null}
      <ProblemAlert error={error} />
      {mode === 'departing' ? (
        <DepartureForm visit={visit} onDone={() => setMode('idle')} />
      ) : mode === 'cancelling' ? (
        <CancelForm visit={visit} onDone={() => setMode('idle')} />
      ) : (
        <div className="cd-visit-actions">
          {visit.can.arrive ? (
            <Button type="primary" size="large" block loading={busy} onClick={() => void arrive()}>
              {t('service.visits.arrive')}
            </Button>
          ) : null}
          {visit.can.depart ? (
            <Button type="primary" size="large" block onClick={() => setMode('departing')}>
              {t('service.visits.depart')}
            </Button>
          ) : null}
          {visit.can.cancel ? (
            <Button size="large" block danger onClick={() => setMode('cancelling')}>
              {t('service.visits.cancel')}
            </Button>
          ) : null}
        </div>
      )}
    </Card>
  );
}

function DepartureForm({ visit, onDone }: { visit: Visit; onDone: () => void }) {
  const { t } = useTranslation();
  const required = useRequired();
  const saved = useServiceLoopSaved();
  const [form] = Form.useForm<{ workDone: string; outcome: string }>();
  const { busy, general, save } = useFormSave(form);
  const submit = (values: { workDone: string; outcome: string }) =>
    save(async () => {
      await recordDeparture(visit.id, { workDone: values.workDone, ...(values.outcome?.trim() ? { outcome: values.outcome } : {}) });
      await saved(t('service.visits.departed'));
      onDone();
    });
  return (
    <Form
      form={form}
      layout="vertical"
      requiredMark={false}
      initialValues={{ workDone: '', outcome: '' }}
      onFinish={(values) => void submit(values)}
    >
      <ProblemAlert message={general} />
      <Form.Item name="workDone" label={t('service.visits.workDone')} rules={required(t('service.visits.workDone'))}>
        <Input.TextArea autoSize={{ minRows: 3, maxRows: 10 }} autoFocus />
      </Form.Item>
      <Form.Item name="outcome" label={t('service.visits.outcome')}>
        <Input.TextArea autoSize={{ minRows: 1, maxRows: 6 }} />
      </Form.Item>
      <div className="cd-visit-actions">
        <Button type="primary" size="large" block htmlType="submit" loading={busy}>
          {t('service.visits.saveDeparture')}
        </Button>
        <Button size="large" block onClick={onDone}>
          {t('common.cancel')}
        </Button>
      </div>
    </Form>
  );
}

function CancelForm({ visit, onDone }: { visit: Visit; onDone: () => void }) {
  const { t } = useTranslation();
  const required = useRequired();
  const saved = useServiceLoopSaved();
  const [form] = Form.useForm<{ reason: string }>();
  const { general, save } = useFormSave(form);
  const submit = (values: { reason: string }) =>
    save(async () => {
      await cancelVisit(visit.id, values.reason);
      await saved(t('service.visits.cancelled'));
      onDone();
    });
  return (
    <Form form={form} layout="vertical" requiredMark={false} initialValues={{ reason: '' }} onFinish={(values) => void submit(values)}>
      <ProblemAlert message={general} />
      <Form.Item name="reason" label={t('service.visits.cancelReason')} rules={required(t('service.visits.cancelReason'))}>
        <Input autoFocus />
      </Form.Item>
      <div className="cd-visit-actions">
        <Button danger size="large" block htmlType="submit">
          {t('service.visits.confirmCancel')}
        </Button>
        <Button size="large" block onClick={onDone}>
          {t('service.visits.keep')}
        </Button>
      </div>
    </Form>
  );
}

function CalendarFeedCard() {
  const { t } = useTranslation();
  const [url, setUrl] = useState<string | null>(null);
  const { busy, error, run } = useAction();
  const [copied, setCopied] = useState(false);
  const issue = () =>
    run(async () => {
      setUrl((await issueCalendarFeed()).url);
      setCopied(false);
    });
  const copy = async () => {
    if (!url || !navigator.clipboard) return;
    await navigator.clipboard.writeText(url).then(
      () => setCopied(true),
      () => setCopied(false),
    );
  };
  return (
    <Card size="small" className="cd-card" title={t('service.visits.feed')}>
      <p className="cd-muted">{t('service.visits.feedHelp')}</p>
      <ProblemAlert error={error} />
      {url ? (
        <Space.Compact style={{ width: '100%', marginBottom: 8 }}>
          <Input readOnly value={url} aria-label={t('service.visits.feedAddress')} onFocus={(event) => event.target.select()} />
          <Button onClick={() => void copy()}>{copied ? t('service.visits.copied') : t('service.visits.copy')}</Button>
        </Space.Compact>
      ) : null}
      <Button size="large" block loading={busy} onClick={() => void issue()}>
        {t('service.visits.feedButton')}
      </Button>
    </Card>
  );
}
