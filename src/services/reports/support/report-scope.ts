import { stringify } from 'csv-stringify/sync';
import type { Actor } from '../../../domain/access/permissions.js';
import type { Language } from '../../../domain/access/roles.js';
import { operationsReportScope, satisfactionReportScope, type OperationsReportName } from '../../../domain/access/policies/reports.js';
import { calendarDateIn } from '../../../domain/calendar/business-calendar.js';
import { MAX_REPORT_DAYS } from '../../../domain/reports/repeat-faults.js';
import { reportFilterPeriod, zoneOffsetMinutes, type ReportCaseFilter, type ReportFilter } from '../../../domain/reports/report-filter.js';
import { translate } from '../../../i18n/translate.js';
import type { ServiceContext } from '../../context.js';
import { companyTimeZone } from '../../delivered-systems/support/company-today.js';
import { forbidden, invalid } from '../../errors.js';
import { readReportSettings } from '../../settings/report-settings.js';

/** A report's period and filter once the policy has scoped it: what every operations report starts from. */
export interface ScopedReport {
  from: string;
  to: string;
  timeZone: string;
  /** The end of the period, or now if that is earlier: what "open" and "age" are measured at. */
  asOf: string;
  filter: ReportCaseFilter;
}

/**
 * Checks the reports policy for `report` (a customer only for the reports customers read, with the admin's setting,
 * and then for their own organisation only), then turns the filter's days into instants in the company's time zone.
 * A bad period is a 400 naming `from` or `to`.
 */
export async function scopeReport(
  context: ServiceContext,
  actor: Actor,
  report: OperationsReportName | 'satisfaction',
  requested: ReportFilter,
): Promise<ScopedReport> {
  const db = context.storage.db;
  const [settings, timeZone] = await Promise.all([readReportSettings(db), companyTimeZone(db)]);
  const scope =
    report === 'satisfaction'
      ? satisfactionReportScope(actor, requested.organizationId)
      : operationsReportScope(actor, report, requested.organizationId, settings);
  if (scope === null) throw forbidden();
  const now = context.clock.now();
  const period = reportFilterPeriod(requested, calendarDateIn(now, timeZone), timeZone);
  if ('problem' in period) {
    throw period.problem === 'end-before-start'
      ? invalid('errors.endBeforeStart', period.field)
      : invalid('serviceLoop.errors.rangeTooLong', period.field, { days: MAX_REPORT_DAYS });
  }
  const nowInstant = now.toISOString();
  return {
    from: period.from,
    to: period.to,
    timeZone,
    asOf: nowInstant < period.toInstant ? nowInstant : period.toInstant,
    filter: {
      fromInstant: period.fromInstant,
      toInstant: period.toInstant,
      offsetMinutes: zoneOffsetMinutes(timeZone, period.fromInstant),
      departmentId: requested.departmentId,
      organizationId: scope.organizationId,
      level: requested.level,
      engineerId: requested.engineerId,
    },
  };
}

/** The period a report answers first: its first and last day, in the company's time zone. */
export function periodOf(scoped: ScopedReport): Pick<ScopedReport, 'from' | 'to' | 'timeZone'> {
  return { from: scoped.from, to: scoped.to, timeZone: scoped.timeZone };
}

/** The column names and values of the reports' CSV files in the reader's language (`reports.csv.…`). */
export function csvTexts(language: Language): (key: string) => string {
  return (key) => translate(language, `reports.csv.${key}`);
}

/**
 * A report as CSV: a header row and the rows, starting with a byte-order mark so spreadsheet programs open it as
 * UTF-8 and Chinese names stay intact.
 */
export function csvOf(header: string[], rows: (string | number | null)[][]): string {
  return `\uFEFF${stringify([header, ...rows.map((row) => row.map((cell) => (cell === null ? '' : String(cell))))])}`;
}
