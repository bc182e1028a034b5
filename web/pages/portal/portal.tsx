import Button from 'antd/es/button';
import Typography from 'antd/es/typography';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { caseListPath } from '../../api/case-list-path';
import { useCasePages } from '../../api/cases';
import { ListExportButton } from '../../components/list-export-button';
import { Hotline } from '../../components/hotline';
import { LoadMore } from '../../components/load-more';
import { ProblemAlert } from '../../components/problem';
import { PortalCaseList } from './portal-case-list';

/** The customer's start page: their organisation's cases (the API narrows the list to it). */
export default function PortalPage() {
  const { t } = useTranslation();
  const query = { sort: 'received', limit: 50 } as const;
  const { pages: cases, rows } = useCasePages(query);
  return (
    <>
      <div className="cd-toolbar" style={{ justifyContent: 'space-between' }}>
        <Typography.Title level={2} className="cd-page-title" style={{ marginBottom: 0 }}>
          {t('portal.title')}
        </Typography.Title>
        <Hotline />
        <ListExportButton list="cases" path={caseListPath(query)} fileName="casedesk-cases.csv" />
        <Link to="/portal/new">
          <Button type="primary">{t('portal.newCase')}</Button>
        </Link>
      </div>
      <ProblemAlert error={cases.error} />
      <PortalCaseList rows={rows} loading={cases.isPending} />
      <LoadMore pages={cases} />
    </>
  );
}
