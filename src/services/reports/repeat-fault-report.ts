import { stringify } from 'csv-stringify/sync';
import type { Language } from '../../domain/access/roles.js';
import type { Actor } from '../../domain/access/permissions.js';
import { mayReadRepeatFaultReport } from '../../domain/access/policies/reports.js';
import {
  MAX_REPORT_DAYS,
  repeatFaultFigures,
  reportPeriod,
  type RepeatFaultFigures,
  type RepeatFaultGrouping,
} from '../../domain/reports/repeat-faults.js';
import { calendarDateIn } from '../../domain/calendar/business-calendar.js';
import { translate } from '../../i18n/translate.js';
import { repeatFaultGroups, type RepeatFaultGroupRow } from '../../storage/repositories/repeat-faults.js';
import type { ServiceContext } from '../context.js';
import { companyTimeZone } from '../delivered-systems/support/company-today.js';
import { forbidden, invalid } from '../errors.js';

export interface RepeatFaultQuery {
  groupBy: RepeatFaultGrouping;
  /** First and last day counted (`YYYY-MM-DD`, both inclusive, company time zone); default the last twelve months. */
  from?: string | undefined;
  to?: string | undefined;
  organizationId?: string | undefined;
  /** Groups per page, after sorting by repeats. */
  limit: number;
  offset: number;
}

export interface RepeatFaultGroup extends RepeatFaultFigures {
  /** Unique within the grouping: the ids and texts that make the group, joined. */
  key: string;
  organization: { id: string; name: string } | null;
  vendor: { id: string; name: string } | null;
  model: string | null;
  site: string | null;
}

export interface RepeatFaultReport {
  groupBy: RepeatFaultGrouping;
  from: string;
  to: string;
  timeZone: string;
  totalGroups: number;
  groups: RepeatFaultGroup[];
}

function groupOf(row: RepeatFaultGroupRow): RepeatFaultGroup {
  return {
    key: [row.organization_id, row.vendor_id, row.model, row.site].filter((part) => part !== null).join('/'),
    organization: row.organization_id === null ? null : { id: row.organization_id, name: row.organization_name ?? '' },
    vendor: row.vendor_id === null ? null : { id: row.vendor_id, name: row.vendor_name ?? '' },
    model: row.model,
    site: row.site,
    ...repeatFaultFigures({
      faultCases: row.fault_cases,
      repeats: row.repeats,
      intervals: row.intervals,
      intervalMsSum: row.interval_ms_sum,
    }),
  };
}

async function readReport(context: ServiceContext, actor: Actor, query: Omit<RepeatFaultQuery, 'limit'> & { limit: number | null }) {
  if (!mayReadRepeatFaultReport(actor)) throw forbidden();
  const timeZone = await companyTimeZone(context.storage.db);
  const period = reportPeriod(query, calendarDateIn(context.clock.now(), timeZone), timeZone);
  if ('problem' in period) {
    throw period.problem === 'end-before-start'
      ? invalid('errors.endBeforeStart', period.field)
      : invalid('serviceLoop.errors.rangeTooLong', period.field, { days: MAX_REPORT_DAYS });
  }
  const filter = {
    groupBy: query.groupBy,
    from: period.fromInstant,
    to: period.toInstant,
    organizationId: query.organizationId,
    limit: query.limit,
    offset: query.offset,
  };
  const rows = await repeatFaultGroups(context.storage.db, filter);
  // Past the last page no row carries the count of groups: the first page is asked for it.
  const totalGroups =
    rows[0]?.total_groups ??
    (query.offset === 0 ? 0 : ((await repeatFaultGroups(context.storage.db, { ...filter, limit: 1, offset: 0 }))[0]?.total_groups ?? 0));
  return {
    groupBy: query.groupBy,
    from: period.from,
    to: period.to,
    timeZone,
    totalGroups,
    groups: rows.map(groupOf),
  } satisfies RepeatFaultReport;
}

/**
 * Repeat faults over a period, per customer, product model, vendor or site, most repeats first (see README,
 * "Repeat-fault report", for what counts). Exported for the benchmark, which calls it in-process.
 */
export async function repeatFaultReport(context: ServiceContext, actor: Actor, query: RepeatFaultQuery): Promise<RepeatFaultReport> {
  return readReport(context, actor, query);
}

/** The columns naming a group in each grouping; the figures follow. */
const NAME_COLUMNS: Record<RepeatFaultGrouping, ('customer' | 'vendor' | 'model' | 'site')[]> = {
  customer: ['customer'],
  model: ['vendor', 'model'],
  vendor: ['vendor'],
  site: ['customer', 'site'],
};

/**
 * Every group of the report as CSV in the reader's language, headed by its column names. It starts with a byte-order
 * mark, so spreadsheet programs open it as UTF-8 and Chinese names stay intact. Rates are percentages and intervals
 * hours, both rounded to two decimals.
 */
export async function repeatFaultCsv(
  context: ServiceContext,
  actor: Actor,
  query: Omit<RepeatFaultQuery, 'limit' | 'offset'>,
  language: Language,
): Promise<{ fileName: string; csv: string }> {
  const report = await readReport(context, actor, { ...query, limit: null, offset: 0 });
  const t = (key: string) => translate(language, `repeatFaults.csv.${key}`);
  const names = NAME_COLUMNS[query.groupBy];
  const round = (value: number | null) => (value === null ? '' : String(Math.round(value * 100) / 100));
  const nameCell = (group: RepeatFaultGroup, column: (typeof names)[number]) =>
    column === 'customer'
      ? (group.organization?.name ?? '')
      : column === 'vendor'
        ? (group.vendor?.name ?? '')
        : column === 'model'
          ? (group.model ?? '')
          : (group.site ?? t('noSite'));
  const header = [...names.map(t), t('faultCases'), t('repeats'), t('recurrenceRate'), t('meanHoursBetweenFaults')];
  const rows = report.groups.map((group) => [
    ...names.map((column) => nameCell(group, column)),
    String(group.faultCases),
    String(group.repeats),
    round(group.recurrenceRate === null ? null : group.recurrenceRate * 100),
    round(group.meanHoursBetweenFaults),
  ]);
  return {
    fileName: `casedesk-repeat-faults-${query.groupBy}-${report.from}-${report.to}.csv`,
    csv: `\uFEFF${stringify([header, ...rows])}`,
  };
}
