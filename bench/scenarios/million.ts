import { sql } from 'kysely';
import { performance } from 'node:perf_hooks';
import { findSimilarCases, type SimilarCasesSubject } from '../../src/services/cases/find-similar-cases.js';
import { ManualClock, type ServiceContext } from '../../src/services/context.js';
import { detectRecurrences } from '../../src/services/problems/detect-recurrences.js';
import { indexFaultOccurrencesNow } from '../../src/services/reports/index-fault-occurrences.js';
import { repeatFaultReport } from '../../src/services/reports/repeat-fault-report.js';
import { REPEAT_FAULT_GROUPINGS } from '../../src/domain/reports/repeat-faults.js';
import { percentile, report, type BenchLine } from '../support.js';
import { openMillionCases, type OpenedMillionCases } from './million-cases.js';
import { measureQueueApi, measureWebPages } from './million-queues.js';
import { measureSearch, timed } from './search.js';

type DatabaseName = 'sqlite' | 'postgres';

/**
 * What is measured on the data set, in this order: the server the web pages start runs the background jobs, so the
 * recurrence job and the fault occurrences are done before it (else they would run during the visits).
 */
const PARTS: [string, (opened: OpenedMillionCases, database: DatabaseName) => Promise<BenchLine[]>][] = [
  ['search', measureSearch],
  ['similar', measureSimilar],
  ['recurrence', measureRecurrence],
  ['repeat-faults', measureRepeatFaults],
  ['queues', measureQueueApi],
  ['pages', measureWebPages],
];

/**
 * Issue #15's figures on ONE seeding of the 1 000 000-case data set per database (seeding takes minutes): search,
 * similar cases at intake, the recurrence job over the whole set and the repeat-fault report for a year; and issue
 * #16's: each queue view through the HTTP app, the queue's first row and the case page's full render in Chromium.
 * `CASEDESK_BENCH_DATABASES=sqlite` measures one database, `CASEDESK_BENCH_CASES` makes the set smaller,
 * `CASEDESK_BENCH_MILLION_PARTS=queues,pages` measures only those parts.
 */
export async function millionScenario(): Promise<BenchLine[]> {
  const lines: BenchLine[] = [];
  const only = process.env.CASEDESK_BENCH_DATABASES?.split(',');
  const parts = process.env.CASEDESK_BENCH_MILLION_PARTS?.split(',');
  const unknown = parts?.filter((part) => !PARTS.some(([name]) => name === part)) ?? [];
  if (unknown.length > 0) throw new Error(`unknown part(s) ${unknown.join(', ')}; known: ${PARTS.map(([name]) => name).join(', ')}`);
  for (const database of (['sqlite', 'postgres'] as const).filter((name) => !only || only.includes(name))) {
    const opened = await openMillionCases(database);
    if (!opened) break;
    try {
      for (const [part, measure] of PARTS) {
        if (parts && !parts.includes(part)) continue;
        // The web pages on SQLite only: a browser run costs minutes, and PostgreSQL's queue is measured by the API.
        if (part === 'pages' && database !== 'sqlite') continue;
        lines.push(...(await measure(opened, database)));
      }
    } finally {
      await opened.close();
    }
  }
  return lines;
}

/** Similar cases as the intake asks while a call is typed, and for a case on record: p50/p95 and CPU per look-up. */
async function measureSimilar({ context, seeded }: OpenedMillionCases, database: DatabaseName): Promise<BenchLine[]> {
  const scenario = `similar, ${seeded.cases.toLocaleString('en')} cases`;
  const secretary = { ...seeded.staff, role: 'secretary' as const };
  const draft = (title: string): SimilarCasesSubject => ({
    draft: { organizationId: seeded.organizationId, serialNumbers: [seeded.busySerial.serialNumber], title },
  });
  const lookUps = [
    { label: 'intake: busy serial + common words', actor: secretary, subject: draft('Core switch uplink flaps again') },
    { label: 'intake: busy serial + Chinese title', actor: secretary, subject: draft('核心交换机端口故障') },
    { label: 'portal: customer, common words', actor: seeded.customer, subject: draft('Core switch uplink flaps again') },
    { label: 'case on record', actor: secretary, subject: { caseId: seeded.caseWithSimilar } },
  ];
  const lines: BenchLine[] = [];
  for (const lookUp of lookUps) {
    let found = 0;
    let calls = 0;
    // CPU of this process per look-up (on SQLite the database's work too): what a busy machine does not blur.
    const cpuBefore = process.cpuUsage();
    const times = await timed(async () => {
      calls += 1;
      found = (await findSimilarCases(context, lookUp.actor, lookUp.subject)).items.length;
    });
    const cpu = process.cpuUsage(cpuBefore);
    lines.push(
      report({ scenario, database, metric: `${lookUp.label}, p50 (${found} shown)`, value: percentile(times, 50), unit: 'ms' }),
      report({
        scenario,
        database,
        metric: `${lookUp.label}, p95`,
        value: percentile(times, 95),
        unit: 'ms',
        ...(database === 'sqlite' ? { target: '< 50 ms' } : {}),
      }),
      report({ scenario, database, metric: `${lookUp.label}, CPU`, value: (cpu.user + cpu.system) / 1000 / calls, unit: 'ms' }),
    );
  }
  return lines;
}

/** The recurrence job over the whole set at the data set's "now": the first run (every pattern new), then an idle one. */
async function measureRecurrence({ context, seeded }: OpenedMillionCases, database: DatabaseName): Promise<BenchLine[]> {
  const scenario = `recurrence, ${seeded.cases.toLocaleString('en')} cases`;
  const atTheEnd: ServiceContext = { ...context, clock: new ManualClock(seeded.now) };
  let started = performance.now();
  const proposed = await detectRecurrences(atTheEnd);
  const first = (performance.now() - started) / 1000;
  started = performance.now();
  const again = await detectRecurrences(atTheEnd);
  const idle = performance.now() - started;
  return [
    report({
      scenario,
      database,
      metric: `first run, ${proposed} proposals (busiest serial: ${seeded.busySerial.faults} faults in 90 days)`,
      value: first,
      unit: 's',
    }),
    report({ scenario, database, metric: `run with nothing new (${again} proposals)`, value: idle, unit: 'ms' }),
  ];
}

/** Building the fault occurrences from the seeded feed (as the migration's backfill does), then a year's report. */
async function measureRepeatFaults({ storage, context, seeded }: OpenedMillionCases, database: DatabaseName): Promise<BenchLine[]> {
  const scenario = `repeat faults, ${seeded.cases.toLocaleString('en')} cases`;
  const lines: BenchLine[] = [];
  let started = performance.now();
  await indexFaultOccurrencesNow(context, 30 * 60_000);
  lines.push(report({ scenario, database, metric: 'fault occurrences built in', value: (performance.now() - started) / 1000, unit: 's' }));
  // A running server checkpoints the write-ahead log every second; after the bulk writes that would land inside
  // the first timed reports, so it is taken in one go beforehand.
  if (database === 'sqlite') await sql`pragma wal_checkpoint(truncate)`.execute(storage.db);
  if (database === 'postgres') await sql`analyze fault_occurrences`.execute(storage.db);
  const admin = { userId: 'bench', role: 'admin' as const, organizationId: null };
  for (const groupBy of REPEAT_FAULT_GROUPINGS) {
    const times: number[] = [];
    for (let round = 0; round < 3; round++) {
      started = performance.now();
      const result = await repeatFaultReport(context, admin, { groupBy, limit: 20, offset: 0 });
      times.push(performance.now() - started);
      if (result.groups.length === 0) throw new Error(`no ${groupBy} groups`);
    }
    times.sort((a, b) => a - b);
    lines.push(
      report({ scenario, database, metric: `per ${groupBy}, a year, median of 3`, value: times[1]!, unit: 'ms', target: '< 1000 ms' }),
    );
  }
  return lines;
}
