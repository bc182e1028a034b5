import Select from 'antd/es/select';
import Typography from 'antd/es/typography';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { useDashboard, useDashboardSignal } from '../api/dashboard';
import { useDepartments } from '../api/queries';
import { useNow } from '../components/case-bits';
import { LiveTag, OperationCenterBoard } from '../components/operation-center-board';
import { PageLoading } from '../components/page-loading';
import { ProblemAlert } from '../components/problem';
import { useFormat } from '../i18n/format';

/**
 * The Operation Center (staff): the service desk at a glance, read again whenever a case changes (the dashboard's
 * change signal) and every 30 s, with the due upgrading reports counting down each second. `?department=` narrows it.
 */
export default function OperationCenterPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const [params, setParams] = useSearchParams();
  const departmentId = params.get('department') ?? undefined;
  const departments = useDepartments();
  const dashboard = useDashboard(departmentId);
  const connected = useDashboardSignal(true);
  const now = useNow(1000) + (dashboard.data?.clockOffsetMs ?? 0);
  return (
    <>
      <Typography.Title level={2} className="cd-page-title">
        {t('operationCenter.title')}
      </Typography.Title>
      <div className="cd-oc-toolbar">
        <Select
          aria-label={t('reports.filter.department')}
          allowClear
          style={{ minWidth: 220 }}
          placeholder={t('reports.filter.allDepartments')}
          value={departmentId}
          onChange={(next: string | undefined) => setParams(next ? { department: next } : {}, { replace: true })}
          options={(departments.data ?? []).map((department) => ({ value: department.id, label: department.name }))}
        />
        <LiveTag connected={connected} />
        {dashboard.data ? (
          <Typography.Text type="secondary" data-testid="read-at">
            {t('operationCenter.readAt', { time: format.dateTime(dashboard.data.data.at) })}
          </Typography.Text>
        ) : null}
        <Typography.Link href={`/wallboard${departmentId ? `?department=${encodeURIComponent(departmentId)}` : ''}`} target="_blank">
          {t('operationCenter.openWallboard')}
        </Typography.Link>
      </div>
      <ProblemAlert error={dashboard.error} />
      {dashboard.data ? <OperationCenterBoard dashboard={dashboard.data.data} now={now} /> : dashboard.isPending ? <PageLoading /> : null}
    </>
  );
}
