import Button from 'antd/es/button';
import Card from 'antd/es/card';
import Select from 'antd/es/select';
import Table from 'antd/es/table';
import Typography from 'antd/es/typography';
import { BarElement, CategoryScale, Chart as ChartJS, Legend, LinearScale, LineElement, PointElement, Tooltip } from 'chart.js';
import { useState } from 'react';
import { Bar, Line } from 'react-chartjs-2';
import { useTranslation } from 'react-i18next';
import {
  downloadReportCsv,
  useOperationsReport,
  type BacklogReport,
  type EscalationReport,
  type FirstResponseReport,
  type OperationsReportName,
  type ReportFilterValue,
  type ResolutionReport,
  type VendorCaseReport,
  type WorkloadReport,
} from '../../api/reports';
import { PageLoading } from '../../components/page-loading';
import { ProblemAlert } from '../../components/problem';
import { defaultReportFilter, ReportFilterBar } from '../../components/report-filter-bar';
import { useFormat } from '../../i18n/format';
import { ReportTabs } from './report-tabs';
import '../service/service.css';

// Only the parts of Chart.js these charts draw, so the page's chunk stays small (tree-shaken).
ChartJS.register(CategoryScale, LinearScale, BarElement, LineElement, PointElement, Tooltip, Legend);

const PALETTE = ['#1d5fbf', '#d46b08', '#389e0d', '#c41d7f'];
const BANDS = ['under-1d', '1-3d', '3-7d', 'over-7d'] as const;

/** One operations report (escalations, backlog, workload, vendor cases, first response, resolution) with the shared filter bar, a chart, a table and CSV. */
export default function OperationsReportPage({ report }: { report: OperationsReportName }) {
  const { t } = useTranslation();
  return (
    <>
      <Typography.Title level={2} className="cd-page-title">
        {t(`reports.${report}.title`)}
      </Typography.Title>
      <ReportTabs />
      <OperationsReportView report={report} />
    </>
  );
}

/**
 * A report's introduction, filter bar, CSV button, charts and tables: the staff pages and the customer portal's
 * reports page (`hide` leaves out filters the viewer cannot use; the server scopes a customer to their organisation).
 */
export function OperationsReportView({
  report,
  hide,
}: {
  report: OperationsReportName;
  hide?: readonly ('level' | 'customer' | 'department' | 'engineer')[];
}) {
  const { t } = useTranslation();
  const [filter, setFilter] = useState<ReportFilterValue>(defaultReportFilter);
  const [bucket, setBucket] = useState<'week' | 'month'>('month');
  const [downloading, setDownloading] = useState(false);
  const extra: Record<string, string> = report === 'escalations' ? { bucket } : {};
  const answer = useOperationsReport(report, filter, extra);

  return (
    <>
      <Typography.Paragraph type="secondary">{t(`reports.${report}.intro`)}</Typography.Paragraph>
      <ReportFilterBar
        value={filter}
        onChange={setFilter}
        hide={hide}
        extra={
          <>
            {report === 'escalations' ? (
              <Select<'week' | 'month'>
                aria-label={t('reports.bucket.label')}
                value={bucket}
                onChange={setBucket}
                style={{ minWidth: 110, marginRight: 8 }}
                options={(['week', 'month'] as const).map((value) => ({ value, label: t(`reports.bucket.${value}`) }))}
              />
            ) : null}
            <Button
              loading={downloading}
              onClick={() => {
                setDownloading(true);
                void downloadReportCsv(report, filter, extra).finally(() => setDownloading(false));
              }}
            >
              {t('reports.downloadCsv')}
            </Button>
          </>
        }
      />
      <ProblemAlert error={answer.error} />
      {answer.isPending ? <PageLoading /> : null}
      {answer.data ? <ReportBody report={report} data={answer.data} /> : null}
    </>
  );
}

function ReportBody({ report, data }: { report: OperationsReportName; data: unknown }) {
  if (report === 'escalations') return <Escalations data={data as EscalationReport} />;
  if (report === 'backlog') return <Backlog data={data as BacklogReport} />;
  if (report === 'workload') return <Workload data={data as WorkloadReport} />;
  if (report === 'first-response') return <FirstResponse data={data as FirstResponseReport} />;
  if (report === 'resolution') return <Resolution data={data as ResolutionReport} />;
  return <VendorCases data={data as VendorCaseReport} />;
}

function ChartCard({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <Card size="small" title={title}>
      <div className="cd-chart" role="img" aria-label={title} data-testid="report-chart">
        {children}
      </div>
    </Card>
  );
}

function Escalations({ data }: { data: EscalationReport }) {
  const { t } = useTranslation();
  const format = useFormat();
  const minutes = (value: number | null) => (value === null ? t('common.none') : format.number(value));
  const periods = [...new Set(data.steps.map((row) => row.period))];
  const positions = [...new Set(data.steps.map((row) => row.position))];
  type Row = EscalationReport['steps'][number];
  type VendorRow = EscalationReport['vendorReports'][number];
  return (
    <>
      <ChartCard title={t('reports.escalations.chart')}>
        <Bar
          options={{
            maintainAspectRatio: false,
            scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } },
          }}
          data={{
            labels: periods,
            datasets: positions.map((position, index) => ({
              label: t(`escalationPosition.${position}`),
              data: periods.map((period) =>
                data.steps.filter((row) => row.period === period && row.position === position).reduce((sum, row) => sum + row.fired, 0),
              ),
              backgroundColor: PALETTE[index % PALETTE.length],
            })),
          }}
        />
      </ChartCard>
      <Table<Row>
        rowKey={(row) => `${row.period}/${row.position}/${row.level}`}
        size="small"
        style={{ marginTop: 16 }}
        scroll={{ x: 720 }}
        dataSource={data.steps}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: t('reports.noData') }}
        columns={[
          { key: 'period', title: t('reports.columns.period'), dataIndex: 'period' },
          { key: 'position', title: t('reports.columns.position'), render: (_, row) => t(`escalationPosition.${row.position}`) },
          { key: 'level', title: t('reports.columns.level'), align: 'right', dataIndex: 'level' },
          { key: 'fired', title: t('reports.columns.fired'), align: 'right', render: (_, row) => format.number(row.fired) },
          {
            key: 'acknowledged',
            title: t('reports.columns.acknowledged'),
            align: 'right',
            render: (_, row) => format.number(row.acknowledged),
          },
          {
            key: 'median',
            title: t('reports.columns.medianAckMinutes'),
            align: 'right',
            render: (_, row) => minutes(row.medianAckMinutes),
          },
          { key: 'p90', title: t('reports.columns.p90AckMinutes'), align: 'right', render: (_, row) => minutes(row.p90AckMinutes) },
        ]}
      />
      <Typography.Title level={4}>{t('reports.escalations.vendorReports')}</Typography.Title>
      <Table<VendorRow>
        rowKey={(row) => row.vendor?.id ?? ''}
        size="small"
        dataSource={data.vendorReports}
        pagination={false}
        locale={{ emptyText: t('reports.noData') }}
        columns={[
          { key: 'vendor', title: t('reports.columns.vendor'), render: (_, row) => row.vendor?.name ?? t('reports.noVendor') },
          { key: 'fired', title: t('reports.columns.fired'), align: 'right', render: (_, row) => format.number(row.fired) },
          {
            key: 'acknowledged',
            title: t('reports.columns.acknowledged'),
            align: 'right',
            render: (_, row) => format.number(row.acknowledged),
          },
          {
            key: 'median',
            title: t('reports.columns.medianAckMinutes'),
            align: 'right',
            render: (_, row) => minutes(row.medianAckMinutes),
          },
          { key: 'p90', title: t('reports.columns.p90AckMinutes'), align: 'right', render: (_, row) => minutes(row.p90AckMinutes) },
        ]}
      />
    </>
  );
}

function Backlog({ data }: { data: BacklogReport }) {
  const { t } = useTranslation();
  const format = useFormat();
  const levels = [1, 2, 3, 4];
  const cell = (level: number, band: string) => data.open.find((row) => row.level === level && row.band === band)?.cases ?? 0;
  return (
    <>
      <Typography.Paragraph>{t('reports.backlog.total', { count: data.totalOpen })}</Typography.Paragraph>
      <div className="cd-report-charts">
        <ChartCard title={t('reports.backlog.chart')}>
          <Bar
            options={{
              maintainAspectRatio: false,
              scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } },
            }}
            data={{
              labels: levels.map((level) => t('reports.filter.levelN', { level })),
              datasets: BANDS.map((band, index) => ({
                label: t(`reports.band.${band}`),
                data: levels.map((level) => cell(level, band)),
                backgroundColor: PALETTE[index],
              })),
            }}
          />
        </ChartCard>
        <ChartCard title={t('reports.backlog.flow')}>
          <Line
            options={{ maintainAspectRatio: false, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }}
            data={{
              labels: data.days.map((row) => row.day),
              datasets: [
                {
                  label: t('reports.columns.opened'),
                  data: data.days.map((row) => row.opened),
                  borderColor: PALETTE[0],
                  backgroundColor: PALETTE[0],
                },
                {
                  label: t('reports.columns.resolved'),
                  data: data.days.map((row) => row.resolved),
                  borderColor: PALETTE[2],
                  backgroundColor: PALETTE[2],
                },
              ],
            }}
          />
        </ChartCard>
      </div>
      <Table<{ level: number }>
        rowKey="level"
        size="small"
        style={{ marginTop: 16 }}
        dataSource={levels.map((level) => ({ level }))}
        pagination={false}
        columns={[
          { key: 'level', title: t('reports.columns.level'), render: (_, row) => t('reports.filter.levelN', { level: row.level }) },
          ...BANDS.map((band) => ({
            key: band,
            title: t(`reports.band.${band}`),
            align: 'right' as const,
            render: (_: unknown, row: { level: number }) => format.number(cell(row.level, band)),
          })),
        ]}
      />
    </>
  );
}

function Workload({ data }: { data: WorkloadReport }) {
  const { t } = useTranslation();
  const format = useFormat();
  type Row = WorkloadReport['engineers'][number];
  return (
    <>
      <ChartCard title={t('reports.workload.chart')}>
        <Bar
          options={{ maintainAspectRatio: false, indexAxis: 'y', scales: { x: { beginAtZero: true, ticks: { precision: 0 } } } }}
          data={{
            labels: data.engineers.map((row) => row.engineer.name),
            datasets: [
              {
                label: t('reports.columns.casesReceived'),
                data: data.engineers.map((row) => row.casesReceived),
                backgroundColor: PALETTE[0],
                maxBarThickness: 18,
              },
              {
                label: t('reports.columns.serviceActions'),
                data: data.engineers.map((row) => row.serviceActions),
                backgroundColor: PALETTE[1],
                maxBarThickness: 18,
              },
              {
                label: t('reports.columns.onSiteVisits'),
                data: data.engineers.map((row) => row.onSiteVisits),
                backgroundColor: PALETTE[2],
                maxBarThickness: 18,
              },
            ],
          }}
        />
      </ChartCard>
      <Table<Row>
        rowKey={(row) => row.engineer.id}
        size="small"
        style={{ marginTop: 16 }}
        scroll={{ x: 900 }}
        dataSource={data.engineers}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: t('reports.noData') }}
        columns={[
          { key: 'engineer', title: t('reports.columns.engineer'), render: (_, row) => row.engineer.name },
          {
            key: 'received',
            title: t('reports.columns.casesReceived'),
            align: 'right',
            render: (_, row) => format.number(row.casesReceived),
          },
          {
            key: 'resolved',
            title: t('reports.columns.casesResolved'),
            align: 'right',
            render: (_, row) => format.number(row.casesResolved),
          },
          {
            key: 'actions',
            title: t('reports.columns.serviceActions'),
            align: 'right',
            render: (_, row) => format.number(row.serviceActions),
          },
          { key: 'visits', title: t('reports.columns.onSiteVisits'), align: 'right', render: (_, row) => format.number(row.onSiteVisits) },
          { key: 'hours', title: t('reports.columns.hoursOnSite'), align: 'right', render: (_, row) => format.number(row.hoursOnSite) },
          {
            key: 'satisfaction',
            title: t('reports.columns.satisfaction'),
            align: 'right',
            render: (_, row) => (row.satisfaction === null ? t('common.none') : format.number(row.satisfaction)),
          },
        ]}
      />
    </>
  );
}

function VendorCases({ data }: { data: VendorCaseReport }) {
  const { t } = useTranslation();
  const format = useFormat();
  type Row = VendorCaseReport['vendors'][number];
  const hours = (value: number | null) => (value === null ? t('common.none') : format.number(value));
  const nameOf = (row: Row) => row.vendor?.name ?? t('reports.noVendor');
  return (
    <>
      <ChartCard title={t('reports.vendor-cases.chart')}>
        <Bar
          options={{
            maintainAspectRatio: false,
            scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } },
          }}
          data={{
            labels: data.vendors.map(nameOf),
            datasets: [
              {
                label: t('reports.columns.open'),
                data: data.vendors.map((row) => row.open),
                backgroundColor: PALETTE[1],
                maxBarThickness: 40,
              },
              {
                label: t('reports.columns.closed'),
                data: data.vendors.map((row) => row.closed),
                backgroundColor: PALETTE[2],
                maxBarThickness: 40,
              },
            ],
          }}
        />
      </ChartCard>
      <Table<Row>
        rowKey={(row) => row.vendor?.id ?? row.vendor?.name ?? ''}
        size="small"
        style={{ marginTop: 16 }}
        scroll={{ x: 800 }}
        dataSource={data.vendors}
        pagination={false}
        locale={{ emptyText: t('reports.noData') }}
        columns={[
          { key: 'vendor', title: t('reports.columns.vendor'), render: (_, row) => nameOf(row) },
          { key: 'opened', title: t('reports.columns.opened'), align: 'right', render: (_, row) => format.number(row.opened) },
          { key: 'open', title: t('reports.columns.open'), align: 'right', render: (_, row) => format.number(row.open) },
          { key: 'closed', title: t('reports.columns.closed'), align: 'right', render: (_, row) => format.number(row.closed) },
          { key: 'meanOpen', title: t('reports.columns.meanOpenHours'), align: 'right', render: (_, row) => hours(row.meanOpenHours) },
          {
            key: 'median',
            title: t('reports.columns.medianHoursToClose'),
            align: 'right',
            render: (_, row) => hours(row.medianHoursToClose),
          },
          { key: 'p90', title: t('reports.columns.p90HoursToClose'), align: 'right', render: (_, row) => hours(row.p90HoursToClose) },
        ]}
      />
    </>
  );
}

function FirstResponse({ data }: { data: FirstResponseReport }) {
  const { t } = useTranslation();
  const format = useFormat();
  type Row = FirstResponseReport['levels'][number];
  const orNone = (value: number | null) => (value === null ? t('common.none') : format.number(value));
  const outcomes = ['met', 'breached', 'pending'] as const;
  const colours = { met: PALETTE[2], breached: PALETTE[3], pending: PALETTE[1] };
  return (
    <>
      <ChartCard title={t('reports.first-response.chart')}>
        <Bar
          options={{
            maintainAspectRatio: false,
            scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } },
          }}
          data={{
            labels: data.levels.map((row) => t('reports.filter.levelN', { level: row.level })),
            datasets: outcomes.map((outcome) => ({
              label: t(`reports.columns.${outcome}`),
              data: data.levels.map((row) => row[outcome]),
              backgroundColor: colours[outcome],
              maxBarThickness: 40,
            })),
          }}
        />
      </ChartCard>
      <Table<Row>
        rowKey="level"
        size="small"
        style={{ marginTop: 16 }}
        scroll={{ x: 800 }}
        dataSource={data.levels}
        pagination={false}
        columns={[
          { key: 'level', title: t('reports.columns.level'), render: (_, row) => t('reports.filter.levelN', { level: row.level }) },
          { key: 'cases', title: t('reports.columns.cases'), align: 'right', render: (_, row) => format.number(row.cases) },
          ...outcomes.map((outcome) => ({
            key: outcome,
            title: t(`reports.columns.${outcome}`),
            align: 'right' as const,
            render: (_: unknown, row: Row) => format.number(row[outcome]),
          })),
          { key: 'percentMet', title: t('reports.columns.percentMet'), align: 'right', render: (_, row) => orNone(row.percentMet) },
          {
            key: 'median',
            title: t('reports.columns.medianFirstResponseMinutes'),
            align: 'right',
            render: (_, row) => orNone(row.medianMinutes),
          },
          { key: 'p90', title: t('reports.columns.p90FirstResponseMinutes'), align: 'right', render: (_, row) => orNone(row.p90Minutes) },
        ]}
      />
    </>
  );
}

function Resolution({ data }: { data: ResolutionReport }) {
  const { t } = useTranslation();
  const format = useFormat();
  type Row = ResolutionReport['levels'][number];
  const orNone = (value: number | null) => (value === null ? t('common.none') : format.number(value));
  return (
    <>
      <ChartCard title={t('reports.resolution.chart')}>
        <Bar
          options={{ maintainAspectRatio: false, scales: { y: { beginAtZero: true } } }}
          data={{
            labels: data.levels.map((row) => t('reports.filter.levelN', { level: row.level })),
            datasets: [
              {
                label: t('reports.columns.medianHoursToResolve'),
                data: data.levels.map((row) => row.medianHours),
                backgroundColor: PALETTE[0],
                maxBarThickness: 40,
              },
              {
                label: t('reports.columns.p90HoursToResolve'),
                data: data.levels.map((row) => row.p90Hours),
                backgroundColor: PALETTE[1],
                maxBarThickness: 40,
              },
              {
                label: t('reports.columns.firstStepHours'),
                data: data.levels.map((row) => row.firstStepHours),
                backgroundColor: PALETTE[3],
                maxBarThickness: 40,
              },
            ],
          }}
        />
      </ChartCard>
      <Table<Row>
        rowKey="level"
        size="small"
        style={{ marginTop: 16 }}
        scroll={{ x: 900 }}
        dataSource={data.levels}
        pagination={false}
        columns={[
          { key: 'level', title: t('reports.columns.level'), render: (_, row) => t('reports.filter.levelN', { level: row.level }) },
          { key: 'resolved', title: t('reports.columns.resolved'), align: 'right', render: (_, row) => format.number(row.resolved) },
          { key: 'median', title: t('reports.columns.medianHoursToResolve'), align: 'right', render: (_, row) => orNone(row.medianHours) },
          { key: 'p90', title: t('reports.columns.p90HoursToResolve'), align: 'right', render: (_, row) => orNone(row.p90Hours) },
          { key: 'mean', title: t('reports.columns.meanHoursToResolve'), align: 'right', render: (_, row) => orNone(row.meanHours) },
          { key: 'firstStep', title: t('reports.columns.firstStepHours'), align: 'right', render: (_, row) => orNone(row.firstStepHours) },
          {
            key: 'within',
            title: t('reports.columns.withinFirstStep'),
            align: 'right',
            render: (_, row) => format.number(row.withinFirstStep),
          },
          {
            key: 'percentWithin',
            title: t('reports.columns.percentWithinFirstStep'),
            align: 'right',
            render: (_, row) => orNone(row.percentWithinFirstStep),
          },
        ]}
      />
    </>
  );
}
