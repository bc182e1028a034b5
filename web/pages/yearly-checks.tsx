import Card from 'antd/es/card';
import Input from 'antd/es/input';
import Table from 'antd/es/table';
import Tag from 'antd/es/tag';
import Typography from 'antd/es/typography';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { withQuery } from '../api/client';
import { useYearlyChecks, type YearlyCheck } from '../api/delivered-work';
import { StatusTag } from '../components/case-bits';
import { ListExportButton } from '../components/list-export-button';
import { OrganizationSelect } from '../components/organization-select';
import { ProblemAlert } from '../components/problem';
import { useFormat } from '../i18n/format';
import { isCaseStatus } from '../../src/domain/cases/case-lifecycle.js';
import { yearlyCheckProgress, type YearlyCheckProgress } from '../../src/domain/entitlement/yearly-checks.js';
import './delivered-work.css';

type Progress = YearlyCheckProgress;

/** Scheduled until its maintenance case is opened; done once that case is resolved. */
const progressOf = (check: YearlyCheck): Progress => yearlyCheckProgress(check.case?.status ?? null);

const PROGRESS_COLOURS: Record<Progress, string> = { due: 'blue', opened: 'orange', done: 'green' };

function thisMonth(): string {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}`;
}

/**
 * The yearly checks of delivered projects at /yearly-checks: per month (and customer), what is due, what is under
 * way and what was done, each linked to the maintenance case that carries it out.
 */
export default function YearlyChecksPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const [params, setParams] = useSearchParams();
  const month = /^\d{4}-\d{2}$/.test(params.get('month') ?? '') ? params.get('month')! : thisMonth();
  const organizationId = params.get('organizationId') ?? undefined;
  const checks = useYearlyChecks({ month, organizationId });
  const setFilter = (name: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next, { replace: true });
  };
  const rows = checks.data ?? [];
  const counts = { due: 0, opened: 0, done: 0 };
  for (const check of rows) counts[progressOf(check)] += 1;

  return (
    <>
      <Typography.Title level={2} className="cd-page-title">
        {t('yearlyChecks.title')}
      </Typography.Title>
      <Card size="small" className="cd-card">
        <div className="cd-filters" role="search">
          <label>
            <span className="cd-muted">{t('yearlyChecks.month')}</span>
            <Input
              type="month"
              aria-label={t('yearlyChecks.month')}
              value={month}
              onChange={(event) => setFilter('month', event.target.value || null)}
            />
          </label>
          <label>
            <span className="cd-muted">{t('yearlyChecks.customer')}</span>
            <OrganizationSelect
              value={organizationId ?? null}
              onChange={(value) => setFilter('organizationId', value)}
              placeholder={t('yearlyChecks.allCustomers')}
            />
          </label>
          <ListExportButton
            list="yearlyChecks"
            path={withQuery('/api/v1/yearly-checks', { month, organizationId })}
            fileName={`casedesk-yearly-checks-${month}.csv`}
          />
        </div>
        {checks.data ? (
          <p data-testid="yearly-check-counts">
            {(['due', 'opened', 'done'] as const).map((progress) => (
              <Tag key={progress} color={PROGRESS_COLOURS[progress]}>
                {t(`yearlyChecks.counts.${progress}`, { count: counts[progress] })}
              </Tag>
            ))}
          </p>
        ) : null}
      </Card>
      <ProblemAlert error={checks.error} />
      <Table<YearlyCheck>
        rowKey={(check) => `${check.projectId}:${check.dueOn}`}
        size="small"
        loading={checks.isPending}
        dataSource={rows}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        scroll={{ x: 760 }}
        locale={{ emptyText: t('yearlyChecks.none') }}
        columns={[
          { key: 'due', title: t('yearlyChecks.dueOn'), render: (_, check) => format.date(check.dueOn) },
          {
            key: 'customer',
            title: t('yearlyChecks.customer'),
            // The links lead where the server says the caller may go (`check.can`), else the name is plain text.
            render: (_, check) =>
              check.can.openOrganization ? (
                <Link to={`/organizations/${check.organizationId}`}>{check.organizationName}</Link>
              ) : (
                check.organizationName
              ),
          },
          { key: 'project', title: t('yearlyChecks.project'), dataIndex: 'projectName' },
          {
            key: 'year',
            title: t('yearlyChecks.year'),
            render: (_, check) => (
              <>
                {t('yearlyChecks.nthYear', { count: check.year })}{' '}
                <span className="cd-muted">{check.inGuarantee ? t('yearlyChecks.inGuarantee') : t('yearlyChecks.afterGuarantee')}</span>
              </>
            ),
          },
          {
            key: 'progress',
            title: t('yearlyChecks.progress'),
            render: (_, check) => {
              const progress = progressOf(check);
              return <Tag color={PROGRESS_COLOURS[progress]}>{t(`yearlyChecks.progresses.${progress}`)}</Tag>;
            },
          },
          {
            key: 'case',
            title: t('yearlyChecks.case'),
            render: (_, check) =>
              check.case ? (
                <span>
                  {check.can.openCase ? <Link to={`/cases/${check.case.id}`}>{check.case.number}</Link> : check.case.number}{' '}
                  {isCaseStatus(check.case.status) ? <StatusTag status={check.case.status} /> : null}
                </span>
              ) : (
                <span className="cd-muted">{t('yearlyChecks.notOpenedYet')}</span>
              ),
          },
        ]}
      />
    </>
  );
}
