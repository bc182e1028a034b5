import Button from 'antd/es/button';
import Card from 'antd/es/card';
import Form from 'antd/es/form';
import Select from 'antd/es/select';
import Table, { type ColumnType } from 'antd/es/table';
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
              <Form.Item label={t('reports.bucket.label')}>
                <Select<'week' | 'month'>
                  aria-label={t('reports.bucket.label')}
                  value={bucket}
                  onChange={setBucket}
                  style={{ minWidth: 110 }}
                  options={(['week', 'month'] as const).map((value) => ({ value, label: t(`reports.bucket.${value}`) }))}
                />
              </Form.Item>
            ) : null}
            <Form.Item>
              <Button
                loading={downloading}
                onClick={() => {
                  setDownloading(true);
                  void downloadReportCsv(report, filter, extra).finally(() => setDownloading(false));
                }}
              >
                {t('reports.downloadCsv')}
              </Button>
            </Form.Item>
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

/** Bars stacked per label, counted in whole numbers. */
const STACKED = {
  maintainAspectRatio: false,
  scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } },
} as const;

/**
 * The columns the report tables are made of, in the reader's language and number format: each report's table is a
 * list of these. `count` is a number always shown; `orNone` a figure that may be missing (shown as a dash).
 */
function useReportColumns() {
  const { t } = useTranslation();
  const format = useFormat();
  return {
    text: <Row,>(key: string, label: string, value: (row: Row) => React.ReactNode): ColumnType<Row> => ({
      key,
      title: t(`reports.columns.${label}`),
      render: (_, row) => value(row),
    }),
    level: <Row extends { level: number }>(): ColumnType<Row> => ({
      key: 'level',
      title: t('reports.columns.level'),
      render: (_, row) => t('reports.filter.levelN', { level: row.level }),
    }),
    count: <Row,>(key: string, label: string, value: (row: Row) => number, title?: string): ColumnType<Row> => ({
      key,
      title: title ?? t(`reports.columns.${label}`),
      align: 'right',
      render: (_, row) => format.number(value(row)),
    }),
    orNone: <Row,>(key: string, label: string, value: (row: Row) => number | null): ColumnType<Row> => ({
      key,
      title: t(`reports.columns.${label}`),
      align: 'right',
      render: (_, row) => {
        const figure = value(row);
        return figure === null ? t('common.none') : format.number(figure);
      },
    }),
  };
}

/** A report's table: small, "no data" when empty, paged by 20 where it can grow (`paged`), scrolling sideways on a phone. */
function ReportTable<Row extends object>({
  rows,
  rowKey,
  columns,
  scrollX,
  paged = false,
  spaced = true,
}: {
  rows: readonly Row[];
  rowKey: string | ((row: Row) => string);
  columns: ColumnType<Row>[];
  scrollX?: number;
  paged?: boolean;
  spaced?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <Table<Row>
      rowKey={rowKey}
      size="small"
      {...(spaced ? { style: { marginTop: 16 } } : {})}
      {...(scrollX === undefined ? {} : { scroll: { x: scrollX } })}
      dataSource={rows}
      pagination={paged ? { pageSize: 20, hideOnSinglePage: true } : false}
      locale={{ emptyText: t('reports.noData') }}
      columns={columns}
    />
  );
}

function Escalations({ data }: { data: EscalationReport }) {
  const { t } = useTranslation();
  const column = useReportColumns();
  const periods = [...new Set(data.steps.map((row) => row.period))];
  const positions = [...new Set(data.steps.map((row) => row.position))];
  type Row = EscalationReport['steps'][number];
  type VendorRow = EscalationReport['vendorReports'][number];
  const acknowledgement = <R extends Row | VendorRow>(): ColumnType<R>[] => [
    column.count<R>('fired', 'fired', (row) => row.fired),
    column.count<R>('acknowledged', 'acknowledged', (row) => row.acknowledged),
    column.orNone<R>('median', 'medianAckMinutes', (row) => row.medianAckMinutes),
    column.orNone<R>('p90', 'p90AckMinutes', (row) => row.p90AckMinutes),
  ];
  return (
    <>
      <ChartCard title={t('reports.escalations.chart')}>
        <Bar
          options={STACKED}
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
      <ReportTable<Row>
        rows={data.steps}
        rowKey={(row) => `${row.period}/${row.position}/${row.level}`}
        scrollX={720}
        paged
        columns={[
          column.text<Row>('period', 'period', (row) => row.period),
          column.text<Row>('position', 'position', (row) => t(`escalationPosition.${row.position}`)),
          column.count<Row>('level', 'level', (row) => row.level),
          ...acknowledgement<Row>(),
        ]}
      />
      <Typography.Title level={4}>{t('reports.escalations.vendorReports')}</Typography.Title>
      <ReportTable<VendorRow>
        rows={data.vendorReports}
        rowKey={(row) => row.vendor?.id ?? ''}
        spaced={false}
        columns={[
          column.text<VendorRow>('vendor', 'vendor', (row) => row.vendor?.name ?? t('reports.noVendor')),
          ...acknowledgement<VendorRow>(),
        ]}
      />
    </>
  );
}

function Backlog({ data }: { data: BacklogReport }) {
  const { t } = useTranslation();
  const column = useReportColumns();
  const levels = [1, 2, 3, 4];
  const cell = (level: number, band: string) => data.open.find((row) => row.level === level && row.band === band)?.cases ?? 0;
  type Row = { level: number };
  return (
    <>
      <Typography.Paragraph>{t('reports.backlog.total', { count: data.totalOpen })}</Typography.Paragraph>
      <div className="cd-report-charts">
        <ChartCard title={t('reports.backlog.chart')}>
          <Bar
            options={STACKED}
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
      <ReportTable<Row>
        rows={levels.map((level) => ({ level }))}
        rowKey="level"
        columns={[
          column.level<Row>(),
          ...BANDS.map((band) => column.count<Row>(band, band, (row) => cell(row.level, band), t(`reports.band.${band}`))),
        ]}
      />
    </>
  );
}

function Workload({ data }: { data: WorkloadReport }) {
  const { t } = useTranslation();
  const column = useReportColumns();
  type Row = WorkloadReport['engineers'][number];
  const bars = (label: string, value: (row: Row) => number, colour: string | undefined) => ({
    label: t(`reports.columns.${label}`),
    data: data.engineers.map(value),
    backgroundColor: colour,
    maxBarThickness: 18,
  });
  return (
    <>
      <ChartCard title={t('reports.workload.chart')}>
        <Bar
          options={{ maintainAspectRatio: false, indexAxis: 'y', scales: { x: { beginAtZero: true, ticks: { precision: 0 } } } }}
          data={{
            labels: data.engineers.map((row) => row.engineer.name),
            datasets: [
              bars('casesReceived', (row) => row.casesReceived, PALETTE[0]),
              bars('serviceActions', (row) => row.serviceActions, PALETTE[1]),
              bars('onSiteVisits', (row) => row.onSiteVisits, PALETTE[2]),
            ],
          }}
        />
      </ChartCard>
      <ReportTable<Row>
        rows={data.engineers}
        rowKey={(row) => row.engineer.id}
        scrollX={900}
        paged
        columns={[
          column.text<Row>('engineer', 'engineer', (row) => row.engineer.name),
          column.count<Row>('received', 'casesReceived', (row) => row.casesReceived),
          column.count<Row>('resolved', 'casesResolved', (row) => row.casesResolved),
          column.count<Row>('actions', 'serviceActions', (row) => row.serviceActions),
          column.count<Row>('visits', 'onSiteVisits', (row) => row.onSiteVisits),
          column.count<Row>('hours', 'hoursOnSite', (row) => row.hoursOnSite),
          column.orNone<Row>('satisfaction', 'satisfaction', (row) => row.satisfaction),
        ]}
      />
    </>
  );
}

function VendorCases({ data }: { data: VendorCaseReport }) {
  const { t } = useTranslation();
  const column = useReportColumns();
  type Row = VendorCaseReport['vendors'][number];
  const nameOf = (row: Row) => row.vendor?.name ?? t('reports.noVendor');
  return (
    <>
      <ChartCard title={t('reports.vendor-cases.chart')}>
        <Bar
          options={STACKED}
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
      <ReportTable<Row>
        rows={data.vendors}
        rowKey={(row) => row.vendor?.id ?? row.vendor?.name ?? ''}
        scrollX={800}
        columns={[
          column.text<Row>('vendor', 'vendor', nameOf),
          column.count<Row>('opened', 'opened', (row) => row.opened),
          column.count<Row>('open', 'open', (row) => row.open),
          column.count<Row>('closed', 'closed', (row) => row.closed),
          column.orNone<Row>('meanOpen', 'meanOpenHours', (row) => row.meanOpenHours),
          column.orNone<Row>('median', 'medianHoursToClose', (row) => row.medianHoursToClose),
          column.orNone<Row>('p90', 'p90HoursToClose', (row) => row.p90HoursToClose),
        ]}
      />
    </>
  );
}

function FirstResponse({ data }: { data: FirstResponseReport }) {
  const { t } = useTranslation();
  const column = useReportColumns();
  type Row = FirstResponseReport['levels'][number];
  const outcomes = ['met', 'breached', 'pending'] as const;
  const colours = { met: PALETTE[2], breached: PALETTE[3], pending: PALETTE[1] };
  return (
    <>
      <ChartCard title={t('reports.first-response.chart')}>
        <Bar
          options={STACKED}
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
      <ReportTable<Row>
        rows={data.levels}
        rowKey="level"
        scrollX={800}
        columns={[
          column.level<Row>(),
          column.count<Row>('cases', 'cases', (row) => row.cases),
          ...outcomes.map((outcome) => column.count<Row>(outcome, outcome, (row) => row[outcome])),
          column.orNone<Row>('percentMet', 'percentMet', (row) => row.percentMet),
          column.orNone<Row>('median', 'medianFirstResponseMinutes', (row) => row.medianMinutes),
          column.orNone<Row>('p90', 'p90FirstResponseMinutes', (row) => row.p90Minutes),
        ]}
      />
    </>
  );
}

function Resolution({ data }: { data: ResolutionReport }) {
  const { t } = useTranslation();
  const format = useFormat();
  const column = useReportColumns();
  type Row = ResolutionReport['levels'][number];
  const bars = (label: string, value: (row: Row) => number | null, colour: string | undefined) => ({
    label: t(`reports.columns.${label}`),
    data: data.levels.map(value),
    backgroundColor: colour,
    maxBarThickness: 40,
  });
  return (
    <>
      <ChartCard title={t('reports.resolution.chart')}>
        <Bar
          options={{ maintainAspectRatio: false, scales: { y: { beginAtZero: true } } }}
          data={{
            labels: data.levels.map((row) => t('reports.filter.levelN', { level: row.level })),
            datasets: [
              bars('medianHoursToResolve', (row) => row.medianHours, PALETTE[0]),
              bars('p90HoursToResolve', (row) => row.p90Hours, PALETTE[1]),
              bars('firstStepHours', (row) => row.firstStepHours, PALETTE[3]),
            ],
          }}
        />
      </ChartCard>
      <ReportTable<Row>
        rows={data.levels}
        rowKey="level"
        scrollX={900}
        columns={[
          column.level<Row>(),
          column.count<Row>('resolved', 'resolved', (row) => row.resolved),
          column.orNone<Row>('median', 'medianHoursToResolve', (row) => row.medianHours),
          column.orNone<Row>('p90', 'p90HoursToResolve', (row) => row.p90Hours),
          column.orNone<Row>('mean', 'meanHoursToResolve', (row) => row.meanHours),
          {
            // Each case is held against its own policy's first step: a range when the cases' policies differ.
            key: 'firstStep',
            title: t('reports.columns.firstStepHours'),
            align: 'right',
            render: (_, row) =>
              row.firstStepHours === null
                ? t('common.none')
                : row.firstStepHoursMax === null || row.firstStepHoursMax === row.firstStepHours
                  ? format.number(row.firstStepHours)
                  : `${format.number(row.firstStepHours)}–${format.number(row.firstStepHoursMax)}`,
          },
          column.count<Row>('within', 'withinFirstStep', (row) => row.withinFirstStep),
          column.orNone<Row>('percentWithin', 'percentWithinFirstStep', (row) => row.percentWithinFirstStep),
        ]}
      />
    </>
  );
}
