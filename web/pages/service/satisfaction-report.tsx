import Button from 'antd/es/button';
import Card from 'antd/es/card';
import Form from 'antd/es/form';
import Select from 'antd/es/select';
import Statistic from 'antd/es/statistic';
import Table from 'antd/es/table';
import Typography from 'antd/es/typography';
import {
  BarElement,
  CategoryScale,
  Chart as ChartJS,
  Legend,
  LinearScale,
  LineElement,
  PointElement,
  Tooltip,
  type ChartOptions,
} from 'chart.js';
import { useState } from 'react';
import { Bar, Line } from 'react-chartjs-2';
import { useTranslation } from 'react-i18next';
import {
  SURVEY_QUESTIONS,
  useSatisfactionReport,
  type PeriodUnit,
  type SatisfactionGrouping,
  type SatisfactionReport,
} from '../../api/service-loop';
import { downloadReportCsv, type ReportFilterValue } from '../../api/reports';
import { PageLoading } from '../../components/page-loading';
import { defaultReportFilter, ReportFilterBar } from '../../components/report-filter-bar';
import { ProblemAlert } from '../../components/problem';
import { useFormat } from '../../i18n/format';
import { ReportTabs } from '../reports/report-tabs';
import './service.css';

// Only the parts of Chart.js these charts draw, so the report's chunk stays small (tree-shaken).
ChartJS.register(CategoryScale, LinearScale, BarElement, LineElement, PointElement, Tooltip, Legend);

type Group = SatisfactionReport['groups'][number];
const GROUPINGS: SatisfactionGrouping[] = ['person', 'department', 'customer', 'period'];
const PERIODS: PeriodUnit[] = ['month', 'quarter', 'year'];
const PALETTE = ['#1d5fbf', '#d46b08', '#389e0d', '#c41d7f', '#531dab', '#08979c'];
/** Lines per group in the trend chart: more than this is unreadable; the table below has them all. */
const TREND_GROUPS = 5;

/**
 * Survey results at /reports/satisfaction, one of the reports: the reports' tabs and filter bar (period, department,
 * customer, level of the surveyed case, engineer credited), averages, response rate and trend per person,
 * department, customer or period, and the table as CSV.
 */
export default function SatisfactionReportPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const [groupBy, setGroupBy] = useState<SatisfactionGrouping>('person');
  const [period, setPeriod] = useState<PeriodUnit>('month');
  const [filter, setFilter] = useState<ReportFilterValue>(defaultReportFilter);
  const [downloading, setDownloading] = useState(false);
  const report = useSatisfactionReport({ ...filter, groupBy, period });
  const data = report.data;
  const percent = (value: number | null) => (value === null ? t('common.none') : `${format.number(Math.round(value * 1000) / 10)} %`);
  const score = (value: number | null) => (value === null ? t('common.none') : format.number(value));
  const nameOf = (group: Group) => group.name ?? group.key ?? t('service.report.unknown');

  return (
    <>
      <Typography.Title level={2} className="cd-page-title">
        {t('service.report.title')}
      </Typography.Title>
      <ReportTabs />
      <ReportFilterBar
        value={filter}
        onChange={setFilter}
        extra={
          <>
            <Form.Item label={t('service.report.groupBy')}>
              <Select<SatisfactionGrouping>
                aria-label={t('service.report.groupBy')}
                value={groupBy}
                onChange={setGroupBy}
                style={{ minWidth: 140 }}
                options={GROUPINGS.map((value) => ({ value, label: t(`service.report.grouping.${value}`) }))}
              />
            </Form.Item>
            <Form.Item label={t('service.report.period')}>
              <Select<PeriodUnit>
                aria-label={t('service.report.period')}
                value={period}
                onChange={setPeriod}
                style={{ minWidth: 110 }}
                options={PERIODS.map((value) => ({ value, label: t(`service.report.periods.${value}`) }))}
              />
            </Form.Item>
            <Form.Item>
              <Button
                loading={downloading}
                onClick={() => {
                  setDownloading(true);
                  void downloadReportCsv('satisfaction', filter, { groupBy, period }).finally(() => setDownloading(false));
                }}
              >
                {t('reports.downloadCsv')}
              </Button>
            </Form.Item>
          </>
        }
      />
      <ProblemAlert error={report.error} />
      {report.isPending ? <PageLoading /> : null}
      {data ? (
        <>
          <div className="cd-report-figures" data-testid="report-figures">
            <Card size="small">
              <Statistic title={t('service.report.surveys')} value={format.number(data.total.surveys)} />
            </Card>
            <Card size="small">
              <Statistic title={t('service.report.responses')} value={format.number(data.total.responses)} />
            </Card>
            <Card size="small">
              <Statistic title={t('service.report.responseRate')} value={percent(data.total.responseRate)} />
            </Card>
            <Card size="small">
              <Statistic title={t('service.report.overall')} value={score(data.total.overall)} />
            </Card>
            <Card size="small">
              <Statistic
                title={t('service.report.change')}
                value={
                  data.total.change === null ? t('common.none') : `${data.total.change > 0 ? '+' : ''}${format.number(data.total.change)}`
                }
              />
            </Card>
          </div>
          {data.total.surveys === 0 ? <p className="cd-muted">{t('service.report.noData')}</p> : <Charts report={data} nameOf={nameOf} />}
          <Table<Group>
            rowKey={(group) => group.key ?? ''}
            size="small"
            pagination={false}
            scroll={{ x: 900 }}
            dataSource={data.groups}
            style={{ marginTop: 16 }}
            columns={[
              { key: 'name', title: t('service.report.group'), render: (_, group) => nameOf(group), fixed: 'left' },
              { key: 'surveys', title: t('service.report.surveys'), render: (_, group) => format.number(group.surveys) },
              { key: 'responses', title: t('service.report.responses'), render: (_, group) => format.number(group.responses) },
              { key: 'rate', title: t('service.report.responseRate'), render: (_, group) => percent(group.responseRate) },
              { key: 'overall', title: t('service.report.overall'), render: (_, group) => score(group.overall) },
              ...SURVEY_QUESTIONS.map((question) => ({
                key: question,
                title: t(`service.question.${question}`),
                render: (_: unknown, group: Group) => score(group.averages[question]),
              })),
            ]}
          />
        </>
      ) : null}
    </>
  );
}

function Charts({ report, nameOf }: { report: SatisfactionReport; nameOf: (group: Group) => string }) {
  const { t } = useTranslation();
  const scoreAxis: ChartOptions<'bar'>['scales'] = { y: { min: 0, max: 5, title: { display: true, text: t('service.report.scale') } } };
  const labels = report.groups.map(nameOf);
  const trendGroups = report.groupBy === 'period' ? [] : report.groups.slice(0, TREND_GROUPS);
  const periods = report.total.trend.map((point) => point.period);
  const lineOptions: ChartOptions<'line'> = {
    maintainAspectRatio: false,
    spanGaps: true,
    scales: { y: { min: 0, max: 5 } },
  };

  return (
    <div className="cd-report-charts">
      <Card size="small" title={t('service.report.averages')}>
        <div className="cd-chart" role="img" aria-label={t('service.report.averages')}>
          <Bar
            options={{ maintainAspectRatio: false, scales: scoreAxis, plugins: { legend: { display: false } } }}
            data={{
              labels,
              datasets: [
                {
                  label: t('service.report.overall'),
                  data: report.groups.map((group) => group.overall),
                  backgroundColor: PALETTE[0],
                  maxBarThickness: 56,
                },
              ],
            }}
          />
        </div>
      </Card>
      <Card size="small" title={t('service.report.rates')}>
        <div className="cd-chart" role="img" aria-label={t('service.report.rates')}>
          <Bar
            options={{ maintainAspectRatio: false, scales: { y: { min: 0, max: 100 } }, plugins: { legend: { display: false } } }}
            data={{
              labels,
              datasets: [
                {
                  label: `${t('service.report.responseRate')} (%)`,
                  data: report.groups.map((group) => (group.responseRate === null ? null : Math.round(group.responseRate * 1000) / 10)),
                  backgroundColor: PALETTE[2],
                  maxBarThickness: 56,
                },
              ],
            }}
          />
        </div>
      </Card>
      <Card size="small" title={t('service.report.trend')}>
        <div className="cd-chart" role="img" aria-label={t('service.report.trend')}>
          <Line
            options={lineOptions}
            data={{
              labels: periods,
              datasets: [
                {
                  label: t('service.report.overall'),
                  data: report.total.trend.map((point) => point.overall),
                  borderColor: PALETTE[0],
                  backgroundColor: PALETTE[0],
                  borderWidth: 3,
                },
                ...trendGroups.map((group, index) => ({
                  label: nameOf(group),
                  data: periods.map((period) => group.trend.find((point) => point.period === period)?.overall ?? null),
                  borderColor: PALETTE[(index + 1) % PALETTE.length],
                  backgroundColor: PALETTE[(index + 1) % PALETTE.length],
                  borderDash: [4, 3],
                })),
              ],
            }}
          />
        </div>
      </Card>
      <Card size="small" title={t('service.report.byQuestion')}>
        <div className="cd-chart" role="img" aria-label={t('service.report.byQuestion')}>
          <Bar
            options={{
              maintainAspectRatio: false,
              indexAxis: 'y',
              scales: { x: { min: 0, max: 5 } },
              plugins: { legend: { display: false } },
            }}
            data={{
              labels: SURVEY_QUESTIONS.map((question) => t(`service.question.${question}`)),
              datasets: [
                {
                  label: t('service.report.overall'),
                  data: SURVEY_QUESTIONS.map((question) => report.total.averages[question]),
                  backgroundColor: PALETTE[1],
                  maxBarThickness: 28,
                },
              ],
            }}
          />
        </div>
      </Card>
    </div>
  );
}
