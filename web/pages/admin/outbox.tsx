import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import App from 'antd/es/app';
import Button from 'antd/es/button';
import Segmented from 'antd/es/segmented';
import Tag from 'antd/es/tag';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { api, withQuery } from '../../api/client';
import { useSession } from '../../api/session';
import type { OutboxMessage, Page } from '../../api/types';
import { useAction } from '../../components/form-dialog';
import { LoadMore } from '../../components/load-more';
import { problemText, ProblemAlert } from '../../components/problem';
import { PlainTable } from '../../components/table-card';
import { useFormat } from '../../i18n/format';

const FILTERS = ['all', 'pending', 'sending', 'sent', 'dead'] as const;
const COLORS: Record<OutboxMessage['status'], string> = { pending: 'gold', sending: 'blue', sent: 'green', dead: 'red' };

/** Outgoing mail as the outbox holds it: what waits for SMTP, what went, what gave up (and can be retried). */
export default function OutboxPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const { message } = App.useApp();
  const { run } = useAction({ onError: (error) => void message.error(problemText(error, t)) });
  const queryClient = useQueryClient();
  const [searchParams] = useSearchParams();
  // `?status=dead` comes from the mail overview's counts.
  const asked = FILTERS.find((value) => value === searchParams.get('status'));
  const { can } = useSession();
  const [filter, setFilter] = useState<(typeof FILTERS)[number]>(asked ?? 'all');
  const outbox = useInfiniteQuery({
    queryKey: ['outbox', filter],
    queryFn: ({ pageParam }) =>
      api.get<Page<OutboxMessage>>(
        withQuery('/api/v1/outbox', { status: filter === 'all' ? undefined : filter, limit: 50, cursor: pageParam || undefined }),
      ),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    refetchInterval: 15_000,
  });
  const rows = outbox.data?.pages.flatMap((page) => page.items) ?? [];
  const statusLabel = (status: OutboxMessage['status']) => (status === 'sent' ? t('outbox.sent') : t(`outbox.${status}`));

  const retry = (id: string) =>
    run(async () => {
      await api.post(`/api/v1/outbox/${id}/retry`);
      await queryClient.invalidateQueries({ queryKey: ['outbox'] });
    });

  return (
    <>
      <div className="cd-toolbar">
        <Segmented
          className="cd-segmented"
          value={filter}
          onChange={(value) => setFilter(value as (typeof FILTERS)[number])}
          options={FILTERS.map((value) => ({ value, label: value === 'all' ? t('common.all') : statusLabel(value) }))}
        />
      </div>
      <ProblemAlert error={outbox.error} />
      {!outbox.isPending && rows.length === 0 ? (
        <p className="cd-empty">{t('outbox.empty')}</p>
      ) : (
        <PlainTable
          columns={[
            t('outbox.created'),
            t('outbox.to'),
            t('outbox.subject'),
            t('outbox.status'),
            t('outbox.attempts'),
            t('outbox.nextAttempt'),
            t('outbox.lastError'),
            t('common.actions'),
          ]}
        >
          {rows.map((row) => (
            <tr key={row.id}>
              <td>{format.dateTime(row.createdAt)}</td>
              <td>{row.to}</td>
              <td className="cd-cell-title">{row.caseId ? <Link to={`/cases/${row.caseId}`}>{row.subject}</Link> : row.subject}</td>
              <td>
                <Tag color={COLORS[row.status]}>{statusLabel(row.status)}</Tag>
              </td>
              <td>{format.number(row.attempts)}</td>
              <td>{row.status === 'sent' ? format.dateTime(row.sentAt) : format.dateTime(row.nextAttemptAt)}</td>
              <td className="cd-cell-title">{row.lastError ?? t('common.none')}</td>
              <td>
                {can('outbox.retry') && (row.status === 'dead' || row.status === 'pending') ? (
                  <Button size="small" onClick={() => void retry(row.id)}>
                    {t('outbox.retry')}
                  </Button>
                ) : null}
              </td>
            </tr>
          ))}
        </PlainTable>
      )}
      <LoadMore pages={outbox} />
    </>
  );
}
