import Alert from 'antd/es/alert';
import Input from 'antd/es/input';
import Segmented from 'antd/es/segmented';
import Select from 'antd/es/select';
import Typography from 'antd/es/typography';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { useCasePages, type CaseListQuery } from '../../api/cases';
import { useSession } from '../../api/session';
import type { CaseSummary } from '../../api/types';
import { LevelTag, StatusTag, TimeUntil, useNow } from '../../components/case-bits';
import { LoadMore } from '../../components/load-more';
import { ProblemAlert } from '../../components/problem';
import { PlainTable } from '../../components/table-card';
import { useFormat } from '../../i18n/format';
import { QUEUE_VIEWS, queueParamsOf, queueQuery, type QueueView } from './queue-query';

/** The staff queues: one URL per view and filter, so a queue can be bookmarked or shared. */
export default function QueuesPage() {
  const { t } = useTranslation();
  const { user } = useSession();
  const [params, setParams] = useSearchParams();
  const { view, text, levels, sort } = queueParamsOf(params);
  const departmentId = user?.departmentId ?? null;
  const search = params.toString();
  const query = useMemo(() => queueQuery(new URLSearchParams(search), { departmentId }), [search, departmentId]);

  const { pages: cases, rows } = useCasePages(query);

  const update = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value === null || value === '') next.delete(key);
      else next.set(key, value);
    }
    setParams(next, { replace: true });
  };

  return (
    <>
      <Typography.Title level={2} className="cd-page-title">
        {t('queues.title')}
      </Typography.Title>
      <div className="cd-toolbar">
        <Segmented<QueueView>
          className="cd-segmented"
          value={view}
          onChange={(value) => update({ view: value })}
          options={QUEUE_VIEWS.map((value) => ({ value, label: t(`queues.${value}`) }))}
        />
      </div>
      <div className="cd-toolbar">
        <Input.Search
          aria-label={t('queues.search')}
          placeholder={t('queues.search')}
          defaultValue={text}
          allowClear
          onSearch={(value) => update({ q: value.trim() })}
          style={{ maxWidth: 320 }}
        />
        <Select<number[]>
          mode="multiple"
          aria-label={t('queues.filterLevel')}
          placeholder={t('queues.filterLevel')}
          value={levels}
          onChange={(value) => update({ level: value.join(',') })}
          options={[1, 2, 3, 4].map((level) => ({ value: level, label: t('level.label', { level }) }))}
          style={{ minWidth: 200 }}
          allowClear
        />
        <Select<NonNullable<CaseListQuery['sort']>>
          aria-label={t('queues.sort')}
          value={sort}
          onChange={(value) => update({ sort: value })}
          options={[
            { value: 'next-escalation', label: t('queues.sortNextEscalation') },
            { value: 'received', label: t('queues.sortReceived') },
            { value: 'level', label: t('queues.sortLevel') },
          ]}
          style={{ minWidth: 200 }}
        />
        <Typography.Text type="secondary">{t('queues.live')}</Typography.Text>
      </div>
      {query === null ? <Alert type="info" showIcon title={t('queues.noDepartment')} /> : null}
      <ProblemAlert error={cases.error} />
      {query !== null ? <CaseTable rows={rows} loading={cases.isPending} /> : null}
      <LoadMore pages={cases} />
    </>
  );
}

/** A plain table: light to ship and fast to draw; every row links to the case. */
export function CaseTable({
  rows,
  loading,
  compact = false,
  portal = false,
}: {
  rows: CaseSummary[];
  loading: boolean;
  compact?: boolean;
  /** The customer's view: status first, no escalation timing (that is the company's internal business). */
  portal?: boolean;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const now = useNow(30_000);
  if (!loading && rows.length === 0) return <p className="cd-empty">{t('queues.empty')}</p>;
  return (
    <PlainTable
      columns={[
        t('case.number'),
        portal && t('case.status'),
        t('case.level'),
        t('case.title'),
        !compact && t('case.customer'),
        !portal && t('case.status'),
        !compact && t('case.assignee'),
        t('case.receivedAt'),
        !portal && t('case.nextEscalation'),
      ]}
      busy={loading}
    >
      {rows.map((row) => (
        <tr key={row.id} data-case={row.number}>
          <td>
            <Link to={`/cases/${row.id}`}>{row.number}</Link>
          </td>
          {portal ? (
            <td>
              <StatusTag status={row.status} />
            </td>
          ) : null}
          <td>
            <LevelTag level={row.level} />
          </td>
          <td className="cd-cell-title">{row.title}</td>
          {compact ? null : <td>{row.organizationName}</td>}
          {portal ? null : (
            <td>
              <StatusTag status={row.status} />
            </td>
          )}
          {compact ? null : <td>{row.assigneeName ?? t('case.unassigned')}</td>}
          <td>
            <time dateTime={row.receivedAt}>{format.dateTime(row.receivedAt)}</time>
          </td>
          {portal ? null : <td>{row.resolvedAt ? t('common.none') : <TimeUntil iso={row.nextEscalationDueAt} now={now} />}</td>}
        </tr>
      ))}
    </PlainTable>
  );
}
