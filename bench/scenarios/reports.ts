import { sql } from 'kysely';
import { DateTime } from 'luxon';
import { performance } from 'node:perf_hooks';
import type { Actor } from '../../src/domain/access/permissions.js';
import { CUSTOMER_REPORTS, type OperationsReportName } from '../../src/domain/access/policies/reports.js';
import { calendarDateIn } from '../../src/domain/calendar/business-calendar.js';
import type { ReportFilter } from '../../src/domain/reports/report-filter.js';
import { ManualClock, type ServiceContext } from '../../src/services/context.js';
import { companyTimeZone } from '../../src/services/delivered-systems/support/company-today.js';
import { backlogReport } from '../../src/services/reports/backlog-report.js';
import { escalationReport } from '../../src/services/reports/escalation-report.js';
import { firstResponseReport } from '../../src/services/reports/first-response-report.js';
import { resolutionReport } from '../../src/services/reports/resolution-report.js';
import { vendorCaseReport } from '../../src/services/reports/vendor-case-report.js';
import { workloadReport } from '../../src/services/reports/workload-report.js';
import { updateReportSettings } from '../../src/services/settings/report-settings.js';
import { median, report, type BenchLine } from '../support.js';
import { openMillionCases } from './million-cases.js';

type DatabaseName = 'sqlite' | 'postgres';

/** Each operations report as its route calls it, by name; `run` answers how much it counted (a report of nothing proves nothing). */
const REPORTS: { name: OperationsReportName; run: (context: ServiceContext, actor: Actor, filter: ReportFilter) => Promise<number> }[] = [
  {
    name: 'escalations',
    run: async (context, actor, filter) =>
      (await escalationReport(context, actor, { ...filter, bucket: 'week' })).steps.reduce((sum, row) => sum + row.fired, 0),
  },
  { name: 'backlog', run: async (context, actor, filter) => (await backlogReport(context, actor, filter)).totalOpen },
  {
    name: 'workload',
    run: async (context, actor, filter) =>
      (await workloadReport(context, actor, filter)).engineers.reduce((sum, row) => sum + row.casesReceived, 0),
  },
  {
    name: 'vendor-cases',
    run: async (context, actor, filter) =>
      (await vendorCaseReport(context, actor, filter)).vendors.reduce((sum, row) => sum + row.opened, 0),
  },
  {
    name: 'first-response',
    run: async (context, actor, filter) =>
      (await firstResponseReport(context, actor, filter)).levels.reduce((sum, row) => sum + row.cases, 0),
  },
  {
    name: 'resolution',
    run: async (context, actor, filter) =>
      (await resolutionReport(context, actor, filter)).levels.reduce((sum, row) => sum + row.resolved, 0),
  },
];

const RUNS = 5;

/**
 * Issue #17: every operations report in-process, as `GET /api/v1/reports/…` calls it, over the 1 000 000-case data set
 * (two years; seeded without search texts, which no report reads) for the last year and the last month, as an admin
 * (everyone's cases) and as the largest customer's user (their own organisation, with the admin's setting on; the
 * reports customers read only).
 * Median of 5 runs after one warm-up; target < 1 s. `CASEDESK_BENCH_DATABASES=sqlite` measures one database.
 */
export async function reportsScenario(): Promise<BenchLine[]> {
  const lines: BenchLine[] = [];
  const only = process.env.CASEDESK_BENCH_DATABASES?.split(',');
  for (const database of (['sqlite', 'postgres'] as const).filter((name) => !only || only.includes(name))) {
    const opened = await openMillionCases(database, undefined, { searchTexts: false });
    if (!opened) break;
    try {
      const { storage, seeded } = opened;
      lines.push(
        report({
          scenario: `reports, ${seeded.cases.toLocaleString('en')} cases`,
          database,
          metric: 'seeding',
          value: seeded.seedSeconds,
          unit: 's',
        }),
      );
      // The bulk writes' log is checkpointed in one go, as a running server would have done by now; PostgreSQL's
      // planner gets statistics of the extra tables.
      if (database === 'sqlite') await sql`pragma wal_checkpoint(truncate)`.execute(storage.db);
      if (database === 'postgres') await sql`analyze`.execute(storage.db);
      // The setting is audited under a real user; the department manager stands in for an admin.
      await updateReportSettings(opened.context, { ...seeded.manager, role: 'admin' }, { customersMayRead: true });
      lines.push(...(await measureReports(opened.context, seeded.now, database, seeded.cases, seeded.customer)));
    } finally {
      await opened.close();
    }
  }
  return lines;
}

async function measureReports(
  base: ServiceContext,
  now: Date,
  database: DatabaseName,
  cases: number,
  customer: Actor,
): Promise<BenchLine[]> {
  const context: ServiceContext = { ...base, clock: new ManualClock(now) };
  const timeZone = await companyTimeZone(context.storage.db);
  const today = DateTime.fromISO(calendarDateIn(now, timeZone), { zone: 'UTC' });
  const periods = [
    { label: 'a year', filter: { from: today.minus({ days: 364 }).toISODate()!, to: today.toISODate()! } },
    { label: 'a month', filter: { from: today.minus({ days: 29 }).toISODate()!, to: today.toISODate()! } },
  ];
  const admin: Actor = { userId: 'bench', role: 'admin', organizationId: null };
  const actors = [
    { label: 'admin', actor: admin },
    { label: 'customer', actor: customer },
  ];
  const lines: BenchLine[] = [];
  const scenario = `reports, ${cases.toLocaleString('en')} cases`;
  for (const { label: who, actor } of actors) {
    for (const { label: period, filter } of periods) {
      for (const { name, run } of REPORTS) {
        if (who === 'customer' && !(CUSTOMER_REPORTS as readonly OperationsReportName[]).includes(name)) continue;
        let counted = await run(context, actor, filter);
        const times: number[] = [];
        for (let round = 0; round < RUNS; round++) {
          const started = performance.now();
          counted = await run(context, actor, filter);
          times.push(performance.now() - started);
        }
        lines.push(
          report({
            scenario,
            database,
            metric: `${name}, ${period}, ${who} (${counted.toLocaleString('en')} counted), median of ${RUNS}`,
            value: median(times),
            unit: 'ms',
            target: '< 1000 ms',
          }),
        );
      }
    }
  }
  return lines;
}
