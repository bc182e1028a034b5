/** The repeat-fault report (issue #15). Shapes come from the server's presenter (type-only import). */
import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { RepeatFaultGrouping } from '../../src/domain/reports/repeat-faults.js';
import type { repeatFaultReportView } from '../../src/http/presenters/repeat-faults.js';
import type {
  backlogReportView,
  escalationReportView,
  firstResponseReportView,
  resolutionReportView,
  vendorCaseReportView,
  workloadReportView,
} from '../../src/http/presenters/operations-reports.js';
import { api, downloadCsv, withQuery } from './client';

export type { RepeatFaultGrouping };
export type RepeatFaultReport = z.infer<typeof repeatFaultReportView>;
export type RepeatFaultGroup = RepeatFaultReport['groups'][number];

export interface RepeatFaultQuery {
  groupBy: RepeatFaultGrouping;
  /** `YYYY-MM-DD`, both days counted. */
  from: string;
  to: string;
  organizationId?: string | null | undefined;
  limit: number;
  offset: number;
}

export function useRepeatFaultReport(query: RepeatFaultQuery) {
  return useQuery({
    queryKey: ['reports', 'repeat-faults', query] as const,
    queryFn: () => api.get<RepeatFaultReport>(withQuery('/api/v1/reports/repeat-faults', { ...query })),
    // While a new filter loads, the figures shown stay those of the same report; another report's are another shape.
    placeholderData: (previous, previousQuery) => (previousQuery?.queryKey[1] === name ? previous : undefined),
  });
}

/** The CSV of every group of a grouping and period: a plain link, so the session cookie travels with it. */
export const repeatFaultCsvUrl = (query: Omit<RepeatFaultQuery, 'limit' | 'offset'>) =>
  withQuery('/api/v1/reports/repeat-faults/export', { ...query });

/** The one filter of the operations reports (src/domain/reports/report-filter.ts), as the filter bar holds it. */
export interface ReportFilterValue {
  /** `YYYY-MM-DD`, both days counted. */
  from: string;
  to: string;
  departmentId?: string | null | undefined;
  organizationId?: string | null | undefined;
  level?: number | null | undefined;
  engineerId?: string | null | undefined;
}

export const OPERATIONS_REPORTS = ['escalations', 'backlog', 'workload', 'vendor-cases', 'first-response', 'resolution'] as const;
export type OperationsReportName = (typeof OPERATIONS_REPORTS)[number];
export type EscalationReport = z.infer<typeof escalationReportView>;
export type BacklogReport = z.infer<typeof backlogReportView>;
export type WorkloadReport = z.infer<typeof workloadReportView>;
export type VendorCaseReport = z.infer<typeof vendorCaseReportView>;
export type FirstResponseReport = z.infer<typeof firstResponseReportView>;
export type ResolutionReport = z.infer<typeof resolutionReportView>;
export interface OperationsReports {
  escalations: EscalationReport;
  backlog: BacklogReport;
  workload: WorkloadReport;
  'vendor-cases': VendorCaseReport;
  'first-response': FirstResponseReport;
  resolution: ResolutionReport;
}

/** A report the filter bar and the CSV button serve: the operations reports and the satisfaction analysis. */
export type FilteredReportName = OperationsReportName | 'satisfaction';

const reportPath = (name: FilteredReportName, filter: ReportFilterValue, extra: Record<string, string> = {}) =>
  withQuery(`/api/v1/reports/${name}`, { ...filter, ...extra });

export function useOperationsReport<Name extends OperationsReportName>(
  name: Name,
  filter: ReportFilterValue,
  extra: Record<string, string> = {},
) {
  return useQuery({
    queryKey: ['reports', name, filter, extra] as const,
    queryFn: () => api.get<OperationsReports[Name]>(reportPath(name, filter, extra)),
    // While a new filter loads, the figures shown stay those of the same report; another report's are another shape.
    placeholderData: (previous, previousQuery) => (previousQuery?.queryKey[1] === name ? previous : undefined),
  });
}

/** Asks for the report as CSV (`Accept: text/csv`) and saves it under the name the server gives. */
export function downloadReportCsv(name: FilteredReportName, filter: ReportFilterValue, extra: Record<string, string> = {}): Promise<void> {
  return downloadCsv(reportPath(name, filter, extra), `casedesk-${name}.csv`);
}
