import autocannon from 'autocannon';
import path from 'node:path';
import { systemClock, type ServiceContext } from '../../src/services/context.js';
import { createDepartment } from '../../src/services/departments/manage-departments.js';
import { createOrganization } from '../../src/services/organizations/manage-organizations.js';
import { createUser } from '../../src/services/people/create-user.js';
import { openStorage } from '../../src/storage/db.js';
import { migrateToLatest } from '../../src/storage/migrate.js';
import {
  casedeskServeArgs,
  createBenchAdmin,
  freePort,
  freshDataDir,
  freshPostgresDatabase,
  report,
  startServerProcess,
  type BenchLine,
  SERVER_NODE_FLAGS,
} from '../support.js';

const CONNECTIONS = 32;
/** Seconds per measured run; the baseline and the intake take turns, ROUNDS runs each. */
const DURATION_S = Number(process.env.CASEDESK_BENCH_SECONDS ?? 5);
const ROUNDS = 3;

interface LoadResult {
  perSecond: number;
  p50: number;
  p99: number;
  errors: number;
}

async function warmUp(url: string, headers: Record<string, string>, body: string): Promise<void> {
  // JIT, connection pools and the page cache settle before anything is measured.
  await autocannon({ url, method: 'POST', headers, body, connections: CONNECTIONS, duration: 2 });
}

async function load(url: string, headers: Record<string, string>, body: string): Promise<LoadResult> {
  const result = await autocannon({ url, method: 'POST', headers, body, connections: CONNECTIONS, duration: DURATION_S });
  return { perSecond: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: result.non2xx + result.errors };
}

/** The run whose rate is the median of the rounds. */
function medianRun(runs: LoadResult[]): LoadResult {
  return [...runs].sort((a, b) => a.perSecond - b.perSecond)[Math.floor(runs.length / 2)]!;
}

/** Seeds what a secretary's call needs (an organisation, a department with its manager, a token) before the server starts. */
async function seed(target: { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string }) {
  const storage = openStorage(target);
  await migrateToLatest(storage);
  const context: ServiceContext = { storage, clock: systemClock, publicUrl: 'http://localhost' };
  const system = { userId: 'bench', role: 'admin' as const, organizationId: null };
  const admin = await createBenchAdmin(context);
  const manager = await createUser(context, null, {
    email: 'bench-manager@example.com',
    name: 'Bench manager',
    role: 'manager',
    organizationId: null,
    language: 'en',
  });
  const department = await createDepartment(
    context,
    { ...system, userId: admin.id },
    { name: 'Network services', managerUserId: manager.id },
  );
  const organization = await createOrganization(context, system, { name: 'Bench customer' });
  await storage.close();
  return { token: admin.token, organizationId: organization.id, departmentId: department.id };
}

/** Case intake over HTTP at concurrency 32, against a bare one-INSERT route measured in turns with it. */
export async function intakeScenario(): Promise<BenchLine[]> {
  const lines: BenchLine[] = [];
  for (const database of ['sqlite', 'postgres'] as const) {
    const dataDir = freshDataDir();
    const postgres = database === 'postgres' ? await freshPostgresDatabase('intake') : null;
    if (database === 'postgres' && !postgres) break;
    const seeded = await seed(
      postgres ? { kind: 'postgres', url: postgres.url } : { kind: 'sqlite', file: path.join(dataDir, 'casedesk.sqlite') },
    );
    const env = { CASEDESK_DATA_DIR: dataDir, ...(postgres ? { CASEDESK_DATABASE_URL: postgres.url } : {}) };
    const caseBody = JSON.stringify({
      organizationId: seeded.organizationId,
      departmentId: seeded.departmentId,
      channel: 'hotline',
      level: 2,
      title: 'Core switch reboots every few minutes',
      description: 'Reported by the customer hotline; the distribution layer loses its uplink when the core reboots.',
    });

    // Both servers run side by side and take turns under load, so a slow spell of a shared machine hits both.
    const basePort = freePort();
    const baseline = await startServerProcess(
      [...SERVER_NODE_FLAGS, '--import', 'tsx', 'bench/baseline-server.ts'],
      { ...env, CASEDESK_PORT: String(basePort) },
      { port: basePort },
    );
    const port = freePort();
    const server = await startServerProcess(casedeskServeArgs('intake'), { ...env, CASEDESK_PORT: String(port) }, { port });
    const baselineTarget = [`${baseline.url}/baseline/cases`, { 'content-type': 'application/json' }, caseBody] as const;
    const intakeTarget = [
      `${server.url}/api/v1/cases`,
      { 'content-type': 'application/json', authorization: `Bearer ${seeded.token}` },
      caseBody,
    ] as const;
    await warmUp(...baselineTarget);
    await warmUp(...intakeTarget);
    const baselineRuns: LoadResult[] = [];
    const intakeRuns: LoadResult[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      baselineRuns.push(await load(...baselineTarget));
      intakeRuns.push(await load(...intakeTarget));
    }
    await baseline.stop();
    await server.stop();
    await postgres?.drop();
    const baselineResult = medianRun(baselineRuns);
    const intake = medianRun(intakeRuns);
    const ratios = intakeRuns.map((run, round) => run.perSecond / baselineRuns[round]!.perSecond).sort((a, b) => a - b);
    console.log(
      `${''.padEnd(34)} [${database}] ${ROUNDS} rounds of ${DURATION_S} s each: baseline ${baselineRuns.map((run) => Math.round(run.perSecond)).join(' / ')} req/s, ` +
        `intake ${intakeRuns.map((run) => Math.round(run.perSecond)).join(' / ')} cases/s, ratios ${ratios.map((ratio) => ratio.toFixed(2)).join(' / ')}`,
    );

    lines.push(
      report({
        scenario: 'baseline: one INSERT route',
        database,
        metric: `req/s at c=${CONNECTIONS}, median run`,
        value: baselineResult.perSecond,
        unit: 'req/s',
      }),
    );
    lines.push(
      report({
        scenario: 'baseline: one INSERT route',
        database,
        metric: 'latency p50 / p99',
        value: baselineResult.p50,
        unit: `ms / ${baselineResult.p99}`,
      }),
    );
    lines.push(
      report({
        scenario: 'case intake POST /api/v1/cases',
        database,
        metric: `cases/s at c=${CONNECTIONS}, median run`,
        value: intake.perSecond,
        unit: 'cases/s',
        target: database === 'sqlite' ? '>= 2000' : undefined,
      }),
    );
    lines.push(
      report({
        scenario: 'case intake POST /api/v1/cases',
        database,
        metric: 'latency p50 / p99',
        value: intake.p50,
        unit: `ms / ${intake.p99}`,
      }),
    );
    lines.push(
      report({
        scenario: 'case intake / baseline',
        database,
        metric: `ratio, median of ${ROUNDS} rounds`,
        value: ratios[Math.floor(ROUNDS / 2)]!,
        unit: 'x',
        target: '>= 0.4',
      }),
    );
    const errors = (runs: LoadResult[]) => runs.reduce((sum, run) => sum + run.errors, 0);
    if (errors(intakeRuns) + errors(baselineRuns) > 0)
      console.log(`  (non-2xx or errors: intake ${errors(intakeRuns)}, baseline ${errors(baselineRuns)})`);
  }
  return lines;
}
