import Tabs from 'antd/es/tabs';
import Typography from 'antd/es/typography';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import type { OperationsReportName } from '../../api/reports';
import { OperationsReportView } from '../reports/operations';

/** The reports a customer reads in the portal; the server narrows each to their own organisation. */
const PORTAL_REPORTS = ['backlog', 'first-response', 'resolution'] as const satisfies readonly OperationsReportName[];
type PortalReport = (typeof PORTAL_REPORTS)[number];

/** Filters a customer cannot use: the server keeps them to their organisation, and departments and staff are not theirs to list. */
const CUSTOMER_HIDES = ['customer', 'department', 'engineer'] as const;

/**
 * The customer's own organisation's operations reports, shown (and linked from the portal's navigation) only while an
 * admin allows customers to read them: the session's abilities carry `reports.operations` only then.
 */
export default function PortalReportsPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const requested = params.get('report');
  const active: PortalReport = PORTAL_REPORTS.find((report) => report === requested) ?? 'backlog';
  return (
    <>
      <Typography.Title level={2} className="cd-page-title">
        {t('reports.portal.title')}
      </Typography.Title>
      <Typography.Paragraph>{t('reports.portal.intro')}</Typography.Paragraph>
      <Tabs
        aria-label={t('reports.portal.tabs')}
        activeKey={active}
        onChange={(key) => setParams({ report: key }, { replace: true })}
        destroyOnHidden
        items={PORTAL_REPORTS.map((report) => ({
          key: report,
          label: t(`reports.nav.${report}`),
          children: <OperationsReportView report={report} hide={CUSTOMER_HIDES} />,
        }))}
      />
    </>
  );
}
