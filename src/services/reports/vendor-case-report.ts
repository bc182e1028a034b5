import type { Language } from '../../domain/access/roles.js';
import type { Actor } from '../../domain/access/permissions.js';
import { hoursOf, type ReportFilter } from '../../domain/reports/report-filter.js';
import { vendorCaseGroups } from '../../storage/repositories/operations-reports.js';
import type { ServiceContext } from '../context.js';
import { csvOf, csvTexts, periodOf, scopeReport } from './support/report-scope.js';

export interface VendorCaseRow {
  /** The vendor on record, or only the name the escalation was sent under; null for neither. */
  vendor: { id: string | null; name: string } | null;
  opened: number;
  open: number;
  closed: number;
  /** Mean age of the still-open ones at `asOf`, in hours. */
  meanOpenHours: number | null;
  /** Nearest-rank median and 90th percentile of the hours from opening to closing (resolved or closed at the vendor). */
  medianHoursToClose: number | null;
  p90HoursToClose: number | null;
}

export interface VendorCaseReport {
  from: string;
  to: string;
  timeZone: string;
  asOf: string;
  vendors: VendorCaseRow[];
}

/** Vendor escalations opened in the period, per vendor: open and closed, and how long they took. */
export async function vendorCaseReport(context: ServiceContext, actor: Actor, query: ReportFilter): Promise<VendorCaseReport> {
  const scoped = await scopeReport(context, actor, 'vendor-cases', query);
  const rows = await vendorCaseGroups(context.storage.db, scoped.filter, scoped.asOf);
  return {
    ...periodOf(scoped),
    asOf: scoped.asOf,
    vendors: rows.map((row) => ({
      vendor: row.vendor_name === null ? null : { id: row.vendor_id, name: row.vendor_name },
      opened: row.total,
      open: row.open,
      closed: row.measured,
      meanOpenHours: row.open === 0 ? null : hoursOf(row.open_age_ms_sum / row.open),
      medianHoursToClose: hoursOf(row.median_ms),
      p90HoursToClose: hoursOf(row.p90_ms),
    })),
  };
}

export function vendorCaseCsv(report: VendorCaseReport, language: Language): { fileName: string; csv: string } {
  const t = csvTexts(language);
  const header = ['vendor', 'opened', 'open', 'closed', 'meanOpenHours', 'medianHoursToClose', 'p90HoursToClose'].map(t);
  const rows = report.vendors.map((row) => [
    row.vendor?.name ?? t('noVendor'),
    row.opened,
    row.open,
    row.closed,
    row.meanOpenHours,
    row.medianHoursToClose,
    row.p90HoursToClose,
  ]);
  return { fileName: `casedesk-vendor-cases-${report.from}-${report.to}.csv`, csv: csvOf(header, rows) };
}
