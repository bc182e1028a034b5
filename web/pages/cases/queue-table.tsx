import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { sortOfColumn, type QueueColumn, type QueueSort, type SortDirection } from '../../../src/domain/cases/queue-views.js';
import type { CaseSummary } from '../../api/types';
import { LevelTag, StatusTag, TimeUntil, useNow } from '../../components/case-bits';
import { CaseCard } from '../../components/case-card';
import { FirstResponseStatus } from '../../components/first-response';
import { useNarrowScreen } from '../../components/use-narrow-screen';
import { useFormat, type Format } from '../../i18n/format';

/**
 * The queue: the user's own columns, a header per sortable column that sorts the queue on the server, and a checkbox
 * per case for bulk changes. On a phone, one card per case instead (`QueueCards`), as the portal lists them.
 */
export function QueueTable({
  rows,
  loading,
  columns,
  sort,
  direction,
  sorts,
  onSort,
  selected,
  onSelect,
}: {
  rows: CaseSummary[];
  loading: boolean;
  columns: QueueColumn[];
  sort: QueueSort;
  direction: SortDirection;
  /** The orders this view offers; other columns' headers do not sort. */
  sorts: readonly QueueSort[];
  onSort: (sort: QueueSort) => void;
  /** Null: the reader may not change cases, so there is nothing to select. */
  selected: ReadonlySet<string> | null;
  onSelect: (ids: string[], on: boolean) => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const now = useNow(30_000);
  const narrow = useNarrowScreen();
  if (!loading && rows.length === 0) return <p className="cd-empty">{t('queues.empty')}</p>;
  const allSelected = selected !== null && rows.length > 0 && rows.every((row) => selected.has(row.id));
  if (narrow)
    return <QueueCards rows={rows} loading={loading} now={now} selected={selected} onSelect={onSelect} allSelected={allSelected} />;
  return (
    <div className="cd-table-wrap" aria-busy={loading}>
      <table className="cd-table cd-queue-table">
        <thead>
          <tr>
            {selected !== null ? (
              <th scope="col" className="cd-select-cell">
                <input
                  type="checkbox"
                  aria-label={t('queues.selectAll')}
                  checked={allSelected}
                  onChange={(event) =>
                    onSelect(
                      rows.map((row) => row.id),
                      event.target.checked,
                    )
                  }
                />
              </th>
            ) : null}
            {columns.map((column) => {
              const sortable = sortOfColumn(column);
              const order = sortable !== null && sorts.includes(sortable) ? sortable : null;
              const label = t(`queues.column.${column}`);
              const current = order !== null && order === sort;
              return (
                <th key={column} scope="col" aria-sort={current ? (direction === 'asc' ? 'ascending' : 'descending') : undefined}>
                  {order === null ? (
                    label
                  ) : (
                    <button type="button" className="cd-sort" title={t('queues.sortBy', { column: label })} onClick={() => onSort(order)}>
                      {label}
                      <span aria-hidden="true">{current ? (direction === 'asc' ? ' ▲' : ' ▼') : ''}</span>
                    </button>
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id} data-case={row.number}>
              {selected !== null ? (
                <td className="cd-select-cell">
                  <input
                    type="checkbox"
                    aria-label={t('queues.selectCase', { number: row.number })}
                    checked={selected.has(row.id)}
                    onChange={(event) => onSelect([row.id], event.target.checked)}
                  />
                </td>
              ) : null}
              {columns.map((column) => (
                <QueueCell key={column} column={column} row={row} now={now} format={format} />
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * The queue on a phone: each case a card with its number, status, level, the whole title, the customer and the next
 * deadline (the first response while it is due, else the next upgrading report); the page never scrolls sideways.
 * The checkboxes for bulk changes stand beside the cards, outside their links.
 */
function QueueCards({
  rows,
  loading,
  now,
  selected,
  onSelect,
  allSelected,
}: {
  rows: CaseSummary[];
  loading: boolean;
  now: number;
  selected: ReadonlySet<string> | null;
  onSelect: (ids: string[], on: boolean) => void;
  allSelected: boolean;
}) {
  const { t } = useTranslation();
  return (
    <>
      {selected !== null ? (
        <label className="cd-case-cards-select">
          <input
            type="checkbox"
            checked={allSelected}
            onChange={(event) =>
              onSelect(
                rows.map((row) => row.id),
                event.target.checked,
              )
            }
          />{' '}
          {t('queues.selectAll')}
        </label>
      ) : null}
      <ul className="cd-case-cards" aria-label={t('queues.title')} aria-busy={loading}>
        {rows.map((row) => {
          const deadline = nextDeadlineOf(row);
          return (
            <li key={row.id} data-case={row.number}>
              {selected !== null ? (
                <input
                  type="checkbox"
                  aria-label={t('queues.selectCase', { number: row.number })}
                  checked={selected.has(row.id)}
                  onChange={(event) => onSelect([row.id], event.target.checked)}
                />
              ) : null}
              <CaseCard row={row} titleTestId="queue-case-title">
                <span className="cd-case-card-line">{row.organizationName}</span>
                {deadline ? (
                  <span className="cd-case-card-line cd-muted" data-testid="queue-case-deadline">
                    {t('common.labelled', {
                      label: t(deadline.kind === 'first-response' ? 'case.firstResponseDue' : 'case.nextEscalation'),
                    })}
                    <TimeUntil iso={deadline.at} now={now} />
                  </span>
                ) : null}
              </CaseCard>
            </li>
          );
        })}
      </ul>
    </>
  );
}

/** The case's next deadline while it is open: its first response while none was given, or the next upgrading report. */
function nextDeadlineOf(row: CaseSummary): { kind: 'first-response' | 'escalation'; at: string } | null {
  if (row.resolvedAt) return null;
  const candidates: { kind: 'first-response' | 'escalation'; at: string }[] = [];
  if (row.firstResponseDueAt && !row.firstRespondedAt) candidates.push({ kind: 'first-response', at: row.firstResponseDueAt });
  if (row.nextEscalationDueAt) candidates.push({ kind: 'escalation', at: row.nextEscalationDueAt });
  candidates.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  return candidates[0] ?? null;
}

function QueueCell({ column, row, now, format }: { column: QueueColumn; row: CaseSummary; now: number; format: Format }) {
  const { t } = useTranslation();
  const time = (iso: string | null) => (iso ? <time dateTime={iso}>{format.dateTime(iso)}</time> : t('common.none'));
  switch (column) {
    case 'number':
      return (
        <td>
          <Link to={`/cases/${row.id}`}>{row.number}</Link>
        </td>
      );
    case 'level':
      return (
        <td>
          <LevelTag level={row.level} />
        </td>
      );
    case 'title':
      return <td className="cd-cell-title">{row.title}</td>;
    case 'customer':
      return <td>{row.organizationName}</td>;
    case 'status':
      return (
        <td>
          <StatusTag status={row.status} />
        </td>
      );
    case 'department':
      return <td>{row.departmentName ?? t('common.none')}</td>;
    case 'assignee':
      return <td>{row.assigneeName ?? t('case.unassigned')}</td>;
    case 'received':
      return <td>{time(row.receivedAt)}</td>;
    case 'updated':
      return <td>{time(row.updatedAt)}</td>;
    case 'resolved':
      return <td>{time(row.resolvedAt)}</td>;
    case 'next-escalation':
      return <td>{row.resolvedAt ? t('common.none') : <TimeUntil iso={row.nextEscalationDueAt} now={now} />}</td>;
    case 'first-response':
      return (
        <td data-first-response>
          <FirstResponseStatus dueAt={row.firstResponseDueAt} respondedAt={row.firstRespondedAt} resolvedAt={row.resolvedAt} now={now} />
        </td>
      );
  }
}
