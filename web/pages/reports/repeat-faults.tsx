import Button from 'antd/es/button';
import Card from 'antd/es/card';
import DatePicker from 'antd/es/date-picker';
import Form from 'antd/es/form';
import Table from 'antd/es/table';
import Tabs from 'antd/es/tabs';
import Typography from 'antd/es/typography';
import { BarElement, CategoryScale, Chart as ChartJS, Legend, LinearScale, Tooltip } from 'chart.js';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { Bar } from 'react-chartjs-2';
import { useTranslation } from 'react-i18next';
import { repeatFaultCsvUrl, useRepeatFaultReport, type RepeatFaultGroup, type RepeatFaultGrouping } from '../../api/reports';
import { OrganizationSelect } from '../../components/organization-select';
import { PageLoading } from '../../components/page-loading';
import { ProblemAlert } from '../../components/problem';
import { useFormat } from '../../i18n/format';
import { ReportTabs } from './report-tabs';
import '../service/service.css';

// Only the parts of Chart.js this chart draws, so the page's chunk stays small (tree-shaken).
ChartJS.register(CategoryScale, LinearScale, BarElement, Tooltip, Legend);

const GROUPINGS: RepeatFaultGrouping[] = ['customer', 'model', 'vendor', 'site'];
const PAGE_SIZE = 20;
/** Bars in the chart: the groups with the most repeats; the table pages through them all. */
const CHART_GROUPS = 10;
const DAY = 'YYYY-MM-DD';

/** Repeat faults at /reports/repeat-faults: per customer, model, vendor or site over a period, with a chart and CSV. */
export default function RepeatFaultsPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const [groupBy, setGroupBy] = useState<RepeatFaultGrouping>('customer');
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => [dayjs().subtract(1, 'year').add(1, 'day'), dayjs()]);
  const [organizationId, setOrganizationId] = useState<string | null>(null);
  const [page, setPage] = useState(1);
  const period = { groupBy, from: range[0].format(DAY), to: range[1].format(DAY), organizationId };
  const report = useRepeatFaultReport({ ...period, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
  const data = report.data;

  const nameOf = (group: RepeatFaultGroup) => {
    const site = group.site ?? t('repeatFaults.noSite');
    if (groupBy === 'model') return `${group.vendor?.name ?? ''} ${group.model ?? ''}`.trim();
    if (groupBy === 'vendor') return group.vendor?.name ?? '';
    if (groupBy === 'site') return `${group.organization?.name ?? ''} · ${site}`;
    return group.organization?.name ?? '';
  };
  const percent = (value: number | null) => (value === null ? t('common.none') : `${format.number(Math.round(value * 1000) / 10)} %`);
  const interval = (hours: number | null) => (hours === null ? t('common.none') : format.duration(hours * 3_600_000));
  const nameColumns = {
    customer: [{ key: 'customer', title: t('repeatFaults.customer'), render: (_: unknown, g: RepeatFaultGroup) => g.organization?.name }],
    model: [
      { key: 'vendor', title: t('repeatFaults.vendor'), render: (_: unknown, g: RepeatFaultGroup) => g.vendor?.name },
      { key: 'model', title: t('repeatFaults.model'), render: (_: unknown, g: RepeatFaultGroup) => g.model },
    ],
    vendor: [{ key: 'vendor', title: t('repeatFaults.vendor'), render: (_: unknown, g: RepeatFaultGroup) => g.vendor?.name }],
    site: [
      { key: 'customer', title: t('repeatFaults.customer'), render: (_: unknown, g: RepeatFaultGroup) => g.organization?.name },
      {
        key: 'site',
        title: t('repeatFaults.site'),
        render: (_: unknown, g: RepeatFaultGroup) => g.site ?? t('repeatFaults.noSite'),
      },
    ],
  }[groupBy];

  return (
    <>
      <Typography.Title level={2} className="cd-page-title">
        {t('repeatFaults.title')}
      </Typography.Title>
      <ReportTabs />
      <Typography.Paragraph type="secondary">{t('repeatFaults.intro')}</Typography.Paragraph>
      <Form layout="inline" style={{ marginBottom: 8, rowGap: 8 }}>
        <Form.Item label={t('repeatFaults.range')}>
          <DatePicker.RangePicker
            value={range}
            allowClear={false}
            onChange={(next) => {
              if (next?.[0] && next[1]) {
                setRange([next[0], next[1]]);
                setPage(1);
              }
            }}
          />
        </Form.Item>
        <Form.Item label={t('repeatFaults.customer')} style={{ minWidth: 240 }}>
          <OrganizationSelect
            value={organizationId}
            placeholder={t('repeatFaults.allCustomers')}
            onChange={(next) => {
              setOrganizationId(next);
              setPage(1);
            }}
          />
        </Form.Item>
        <Form.Item>
          <Button href={repeatFaultCsvUrl(period)} download>
            {t('repeatFaults.exportCsv')}
          </Button>
        </Form.Item>
      </Form>
      <Tabs
        activeKey={groupBy}
        onChange={(key) => {
          setGroupBy(key as RepeatFaultGrouping);
          setPage(1);
        }}
        items={GROUPINGS.map((key) => ({ key, label: t(`repeatFaults.grouping.${key}`) }))}
      />
      <ProblemAlert error={report.error} />
      {report.isPending ? <PageLoading /> : null}
      {data ? (
        data.totalGroups === 0 ? (
          <p className="cd-muted">{t('repeatFaults.noData')}</p>
        ) : (
          <>
            <Card size="small" title={t('repeatFaults.chart')}>
              <div className="cd-chart" role="img" aria-label={t('repeatFaults.chart')} data-testid="repeat-fault-chart">
                <Bar
                  options={{ maintainAspectRatio: false, indexAxis: 'y', scales: { x: { beginAtZero: true, ticks: { precision: 0 } } } }}
                  data={{
                    labels: data.groups.slice(0, CHART_GROUPS).map(nameOf),
                    datasets: [
                      {
                        label: t('repeatFaults.faultCases'),
                        data: data.groups.slice(0, CHART_GROUPS).map((group) => group.faultCases),
                        backgroundColor: '#1d5fbf',
                        maxBarThickness: 18,
                      },
                      {
                        label: t('repeatFaults.repeats'),
                        data: data.groups.slice(0, CHART_GROUPS).map((group) => group.repeats),
                        backgroundColor: '#d46b08',
                        maxBarThickness: 18,
                      },
                    ],
                  }}
                />
              </div>
            </Card>
            <Table<RepeatFaultGroup>
              rowKey="key"
              size="small"
              scroll={{ x: 640 }}
              dataSource={data.groups}
              style={{ marginTop: 16 }}
              pagination={{
                current: page,
                pageSize: PAGE_SIZE,
                total: data.totalGroups,
                showSizeChanger: false,
                showTotal: (count) => t('repeatFaults.groups', { count }),
                onChange: setPage,
              }}
              columns={[
                ...nameColumns,
                { key: 'faultCases', title: t('repeatFaults.faultCases'), align: 'right', render: (_, g) => format.number(g.faultCases) },
                { key: 'repeats', title: t('repeatFaults.repeats'), align: 'right', render: (_, g) => format.number(g.repeats) },
                { key: 'rate', title: t('repeatFaults.recurrenceRate'), align: 'right', render: (_, g) => percent(g.recurrenceRate) },
                {
                  key: 'mtbf',
                  title: t('repeatFaults.meanTimeBetweenFaults'),
                  align: 'right',
                  render: (_, g) => interval(g.meanHoursBetweenFaults),
                },
              ]}
            />
          </>
        )
      ) : null}
    </>
  );
}
