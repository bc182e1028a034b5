import Alert from 'antd/es/alert';
import Input from 'antd/es/input';
import Segmented from 'antd/es/segmented';
import Select from 'antd/es/select';
import Typography from 'antd/es/typography';
import { useLayoutEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import {
  DEFAULT_DIRECTION,
  DEFAULT_QUEUE_COLUMNS,
  defaultSortOf,
  QUEUE_COUNT_CAP,
  sortsOfView,
  type QueueFilterSet,
  type QueueSort,
  type QueueView,
} from '../../../src/domain/cases/queue-views.js';
import { caseListPath } from '../../api/case-list-path';
import { useCasePages } from '../../api/cases';
import { useQueueOverview } from '../../api/queues';
import { useSession } from '../../api/session';
import type { CaseSummary } from '../../api/types';
import { LevelTag, StatusTag, TimeUntil, useNow } from '../../components/case-bits';
import { ListExportButton } from '../../components/list-export-button';
import { LoadMore } from '../../components/load-more';
import { ProblemAlert } from '../../components/problem';
import { PlainTable } from '../../components/table-card';
import { removeFirstPaint } from '../../first-paint/first-paint';
import { useFormat } from '../../i18n/format';
import { QueueBulkBar } from './queue-bulk-bar';
import { ColumnChooser, SavedFilters } from './queue-preferences';
import { queueParamsOf, queueQuery } from './queue-query';
import { QueueTable } from './queue-table';
import { QueueShortcuts } from './case-shortcuts';

/** The staff queues: one URL per view, filter and order, so a queue can be bookmarked or shared. */
export default function QueuesPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const { can } = useSession();
  const [params, setParams] = useSearchParams();
  const search = params.toString();
  const { view: asked, text, levels, sort: askedSort, direction: askedDirection } = queueParamsOf(params);
  const query = useMemo(() => queueQuery(new URLSearchParams(search)), [search]);
  const overview = useQueueOverview();
  const { pages: cases, rows } = useCasePages(query);
  const [selection, setSelection] = useState<ReadonlySet<string>>(new Set());

  const view: QueueView | null = asked ?? overview.data?.landing ?? null;
  const sort = askedSort ?? (view ? defaultSortOf(view) : 'next-escalation');
  const direction = askedDirection ?? DEFAULT_DIRECTION[sort];
  const columns = overview.data?.columns ?? [...DEFAULT_QUEUE_COLUMNS];
  const mayChange = can('cases.assign') || can('cases.transition') || can('cases.note-internal');
  // The boot script drew these rows before the app had loaded (web/first-paint/): it gives way in the commit that
  // draws them here, before the browser paints, so the two are never on the page together.
  const drawn = !cases.isPending;
  useLayoutEffect(() => {
    if (drawn) removeFirstPaint();
  }, [drawn]);

  const update = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value === null || value === '') next.delete(key);
      else next.set(key, value);
    }
    setParams(next, { replace: true });
  };
  const onSort = (next: QueueSort) => {
    const nextDirection = next === sort ? (direction === 'asc' ? 'desc' : 'asc') : DEFAULT_DIRECTION[next];
    update({ sort: next, dir: nextDirection });
  };
  const applyFilter = (filter: QueueFilterSet) => {
    setSelection(new Set());
    setParams(
      new URLSearchParams({
        view: filter.view,
        ...(filter.text ? { q: filter.text } : {}),
        ...(filter.levels?.length ? { level: filter.levels.join(',') } : {}),
        ...(filter.sort ? { sort: filter.sort } : {}),
        ...(filter.direction ? { dir: filter.direction } : {}),
      }),
      { replace: true },
    );
  };
  const current: QueueFilterSet = {
    view: view ?? 'open',
    ...(text ? { text } : {}),
    ...(levels.length ? { levels } : {}),
    ...(askedSort ? { sort: askedSort } : {}),
    ...(askedDirection ? { direction: askedDirection } : {}),
  };
  const select = (ids: string[], on: boolean) =>
    setSelection((previous) => {
      const next = new Set(previous);
      for (const id of ids) {
        if (on) next.add(id);
        else next.delete(id);
      }
      return next;
    });

  const counted = (entry: { view: QueueView; count: number; capped: boolean }) =>
    `${t(`queues.view.${entry.view}`)} · ${entry.capped ? t('queues.countCapped', { count: format.number(QUEUE_COUNT_CAP) }) : format.number(entry.count)}`;

  return (
    <>
      <Typography.Title level={2} className="cd-page-title">
        {t('queues.title')}
      </Typography.Title>
      <ProblemAlert error={overview.error} />
      <div className="cd-toolbar">
        <Segmented<QueueView>
          // Mounted afresh once the server has named the landing view: a value change animates the thumb, and that
          // measures the layout mid-render on the first visit; the user's own switches still animate.
          key={view === null ? 'landing' : 'named'}
          className="cd-segmented"
          aria-label={t('queues.views')}
          value={view ?? undefined}
          onChange={(value) => {
            setSelection(new Set());
            update({ view: value, sort: null, dir: null });
          }}
          options={(overview.data?.views ?? (view ? [{ view, count: 0, capped: false }] : [])).map((entry) => ({
            value: entry.view,
            label: overview.data ? counted(entry) : t(`queues.view.${entry.view}`),
          }))}
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
        <SavedFilters filters={overview.data?.savedFilters ?? []} current={current} onApply={applyFilter} />
        <ColumnChooser columns={columns} />
        <ListExportButton list="cases" path={caseListPath(query)} fileName="casedesk-cases.csv" />
        <Typography.Text type="secondary">{t('queues.live')}</Typography.Text>
      </div>
      {view === 'department' && overview.data && !overview.data.views.some((entry) => entry.view === 'department' && entry.count > 0) ? (
        <DepartmentHint />
      ) : null}
      {mayChange ? (
        <QueueBulkBar
          selected={[...selection]}
          rows={rows}
          onDone={(refused) => setSelection(new Set(refused))}
          onClear={() => setSelection(new Set())}
        />
      ) : null}
      <ProblemAlert error={cases.error} />
      <QueueTable
        rows={rows}
        loading={cases.isPending}
        columns={columns}
        sort={sort}
        direction={direction}
        sorts={view ? sortsOfView(view) : []}
        onSort={onSort}
        selected={mayChange ? selection : null}
        onSelect={select}
      />
      <LoadMore pages={cases} />
      <QueueShortcuts rows={rows} loading={cases.isPending} />
    </>
  );
}

/** Someone in no department has an empty department view: say why. */
function DepartmentHint() {
  const { t } = useTranslation();
  const { user } = useSession();
  return user && user.departmentId === null ? <Alert type="info" showIcon title={t('queues.noDepartment')} /> : null;
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
