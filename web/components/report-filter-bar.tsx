import DatePicker from 'antd/es/date-picker';
import Form from 'antd/es/form';
import Select from 'antd/es/select';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { ReportFilterValue } from '../api/reports';
import { useDepartments } from '../api/queries';
import { OrganizationSelect } from './organization-select';
import { StaffSelect } from './staff-select';

const DAY = 'YYYY-MM-DD';
const LEVELS = [1, 2, 3, 4];

/** The last twelve months up to today, the reports' default period. */
export function defaultReportFilter(): ReportFilterValue {
  return { from: dayjs().subtract(1, 'year').add(1, 'day').format(DAY), to: dayjs().format(DAY) };
}

/**
 * The filter bar every report shares: period, department, customer, level and engineer (the shared report filter of
 * src/domain/reports/report-filter.ts). `hide` leaves out what a report cannot filter by.
 */
export function ReportFilterBar({
  value,
  onChange,
  hide = [],
  extra,
}: {
  value: ReportFilterValue;
  onChange: (next: ReportFilterValue) => void;
  /** A customer's portal hides department, customer and engineer: the server narrows to their organisation anyway. */
  hide?: readonly ('level' | 'customer' | 'department' | 'engineer')[];
  /** The report's own controls: `Form.Item`s, laid out inline with the filters. */
  extra?: React.ReactNode;
}) {
  const { t } = useTranslation();
  const set = (changes: Partial<ReportFilterValue>) => onChange({ ...value, ...changes });
  return (
    <Form layout="inline" style={{ marginBottom: 12, rowGap: 8 }} aria-label={t('reports.filter.label')} role="search">
      <Form.Item label={t('reports.filter.period')}>
        <DatePicker.RangePicker
          value={[dayjs(value.from), dayjs(value.to)]}
          allowClear={false}
          onChange={(next) => {
            if (next?.[0] && next[1]) set({ from: next[0].format(DAY), to: next[1].format(DAY) });
          }}
        />
      </Form.Item>
      {hide.includes('department') ? null : (
        <Form.Item label={t('reports.filter.department')} style={{ minWidth: 220 }}>
          <DepartmentSelect value={value.departmentId ?? null} onChange={(next) => set({ departmentId: next })} />
        </Form.Item>
      )}
      {hide.includes('customer') ? null : (
        <Form.Item label={t('reports.filter.customer')} style={{ minWidth: 220 }}>
          <OrganizationSelect
            value={value.organizationId ?? null}
            placeholder={t('reports.filter.allCustomers')}
            onChange={(next) => set({ organizationId: next })}
          />
        </Form.Item>
      )}
      {hide.includes('level') ? null : (
        <Form.Item label={t('reports.filter.level')} style={{ minWidth: 150 }}>
          <Select<number>
            aria-label={t('reports.filter.level')}
            allowClear
            placeholder={t('reports.filter.allLevels')}
            value={value.level ?? undefined}
            onChange={(next: number | undefined) => set({ level: next ?? null })}
            options={LEVELS.map((level) => ({ value: level, label: t('reports.filter.levelN', { level }) }))}
          />
        </Form.Item>
      )}
      {hide.includes('engineer') ? null : (
        <Form.Item label={t('reports.filter.engineer')} style={{ minWidth: 220 }}>
          <StaffSelect
            aria-label={t('reports.filter.engineer')}
            placeholder={t('reports.filter.allEngineers')}
            value={value.engineerId ?? null}
            onChange={(next) => set({ engineerId: next })}
          />
        </Form.Item>
      )}
      {/* A report's own controls, as form items beside the shared filters (each with its label). */}
      {extra}
    </Form>
  );
}

/** The departments, loaded only where the filter shows them (a customer may not list them). */
function DepartmentSelect({ value, onChange }: { value: string | null; onChange: (next: string | null) => void }) {
  const { t } = useTranslation();
  const departments = useDepartments();
  return (
    <Select
      aria-label={t('reports.filter.department')}
      allowClear
      placeholder={t('reports.filter.allDepartments')}
      value={value ?? undefined}
      onChange={(next: string | undefined) => onChange(next ?? null)}
      options={(departments.data ?? []).map((department) => ({ value: department.id, label: department.name }))}
    />
  );
}
