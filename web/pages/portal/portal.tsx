import { useInfiniteQuery } from '@tanstack/react-query';
import Button from 'antd/es/button';
import Typography from 'antd/es/typography';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { caseKeys, listCases, LIVE_REFRESH_MS } from '../../api/cases';
import { Hotline } from '../../components/hotline';
import { ProblemAlert } from '../../components/problem';
import { CaseTable } from '../cases/queues';

/** The customer's start page: their organisation's cases (the API narrows the list to it). */
export default function PortalPage() {
  const { t } = useTranslation();
  const cases = useInfiniteQuery({
    queryKey: caseKeys.list({ sort: 'received', limit: 50 }),
    queryFn: ({ pageParam, signal }) => listCases({ sort: 'received', limit: 50, ...(pageParam ? { cursor: pageParam } : {}) }, signal),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    refetchInterval: LIVE_REFRESH_MS,
  });
  const rows = cases.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <>
      <div className="cd-toolbar" style={{ justifyContent: 'space-between' }}>
        <Typography.Title level={2} className="cd-page-title" style={{ marginBottom: 0 }}>
          {t('portal.title')}
        </Typography.Title>
        <Hotline />
        <Link to="/portal/new">
          <Button type="primary">{t('portal.newCase')}</Button>
        </Link>
      </div>
      <ProblemAlert error={cases.error} />
      <CaseTable rows={rows} loading={cases.isPending} compact portal />
      {cases.hasNextPage ? (
        <Button onClick={() => void cases.fetchNextPage()} loading={cases.isFetchingNextPage} style={{ marginTop: 12 }}>
          {t('common.loadMore')}
        </Button>
      ) : null}
    </>
  );
}
