import type { Language } from '../../domain/access/roles.js';
import type { Actor } from '../../domain/access/permissions.js';
import { minutesOf, type ReportBucket, type ReportFilter } from '../../domain/reports/report-filter.js';
import { translate } from '../../i18n/translate.js';
import { escalationStepGroups, type MeasuredRow } from '../../storage/repositories/operations-reports.js';
import type { ServiceContext } from '../context.js';
import { csvOf, csvTexts, periodOf, scopeReport } from './support/report-scope.js';

export interface AcknowledgementTimes {
  fired: number;
  acknowledged: number;
  /** Nearest-rank median and 90th percentile of the minutes from firing to acknowledging; null when none was. */
  medianAckMinutes: number | null;
  p90AckMinutes: number | null;
}

export interface EscalationReport {
  from: string;
  to: string;
  timeZone: string;
  bucket: ReportBucket;
  /** Per week (its Monday) or month, position and level, in that order. */
  steps: ({ period: string; position: string; level: number } & AcknowledgementTimes)[];
  /** The steps that also reported to the vendor, per the case's vendor on record. */
  vendorReports: ({ vendor: { id: string; name: string } | null } & AcknowledgementTimes)[];
}

const times = (row: MeasuredRow): AcknowledgementTimes => ({
  fired: row.total,
  acknowledged: row.measured,
  medianAckMinutes: minutesOf(row.median_ms),
  p90AckMinutes: minutesOf(row.p90_ms),
});

/** Upgrading reports fired per position and level per week or month, the vendor reports, and how soon each was acknowledged. */
export async function escalationReport(
  context: ServiceContext,
  actor: Actor,
  query: ReportFilter & { bucket: ReportBucket },
): Promise<EscalationReport> {
  const scoped = await scopeReport(context, actor, 'escalations', query);
  const groups = await escalationStepGroups(context.storage.db, scoped.filter, query.bucket);
  return {
    ...periodOf(scoped),
    bucket: query.bucket,
    steps: groups.steps.map((row) => ({ period: row.bucket, position: row.position, level: row.level, ...times(row) })),
    vendorReports: groups.vendorReports.map((row) => ({
      vendor: row.vendor_id === null ? null : { id: row.vendor_id, name: row.vendor_name ?? '' },
      ...times(row),
    })),
  };
}

/** The report as CSV: one row per period, position and level, then one per vendor (kind "vendor report"). */
export function escalationCsv(report: EscalationReport, language: Language): { fileName: string; csv: string } {
  const t = csvTexts(language);
  const header = ['kind', 'period', 'position', 'level', 'vendor', 'fired', 'acknowledged', 'medianAckMinutes', 'p90AckMinutes'].map(t);
  const rows = [
    ...report.steps.map((row) => [
      t('escalationStep'),
      row.period,
      translate(language, `positions.${row.position}`),
      row.level,
      null,
      row.fired,
      row.acknowledged,
      row.medianAckMinutes,
      row.p90AckMinutes,
    ]),
    ...report.vendorReports.map((row) => [
      t('vendorReport'),
      null,
      null,
      null,
      row.vendor?.name ?? t('noVendor'),
      row.fired,
      row.acknowledged,
      row.medianAckMinutes,
      row.p90AckMinutes,
    ]),
  ];
  return { fileName: `casedesk-escalations-${report.from}-${report.to}.csv`, csv: csvOf(header, rows) };
}
