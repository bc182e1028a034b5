import autocannon from 'autocannon';
import path from 'node:path';
import { systemClock, type ServiceContext } from '../../src/services/context.js';
import { createDepartment } from '../../src/services/departments/manage-departments.js';
import { addContact, createOrganization } from '../../src/services/organizations/manage-organizations.js';
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

/** Where a load goes: a URL and the request bodies each connection sends in turn. */
interface Target {
  url: string;
  headers: Record<string, string>;
  bodies: string[];
}

function options(target: Target, duration: number): autocannon.Options {
  const url = new URL(target.url);
  return {
    url: url.origin,
    connections: CONNECTIONS,
    duration,
    requests: target.bodies.map((body) => ({ method: 'POST', path: url.pathname, headers: target.headers, body })),
  };
}

async function warmUp(target: Target): Promise<void> {
  // JIT, connection pools and the page cache settle before anything is measured.
  await autocannon(options(target, 2));
}

async function load(target: Target): Promise<LoadResult> {
  const result = await autocannon(options(target, DURATION_S));
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
  // The caller of the acknowledged variant: a contact with an e-mail address hears by mail that the case is logged.
  const contact = await addContact(context, { ...system, userId: admin.id }, organization.id, {
    name: 'Li Wei',
    email: 'li.wei@bench-customer.example',
  });
  await storage.close();
  return { token: admin.token, organizationId: organization.id, departmentId: department.id, contactId: contact.id };
}

/**
 * Case intake over HTTP at concurrency 32, against a bare one-INSERT route measured in turns with it; and the same
 * intake where every other call names a contact with an e-mail address, so half the cases are acknowledged by mail.
 */
/** The case every intake benchmark posts (`bench/intake-cpu.ts` too, so their figures compare): a hotline call. */
export function intakeCaseBody(seeded: { organizationId: string; departmentId: string }): string {
  return JSON.stringify({
    organizationId: seeded.organizationId,
    departmentId: seeded.departmentId,
    channel: 'hotline',
    level: 2,
    title: 'Core switch reboots every few minutes',
    description: 'Reported by the customer hotline; the distribution layer loses its uplink when the core reboots.',
  });
}

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
    const caseBody = intakeCaseBody(seeded);

    // Both servers run side by side and take turns under load, so a slow spell of a shared machine hits both.
    const basePort = freePort();
    const baseline = await startServerProcess(
      [...SERVER_NODE_FLAGS, '--import', 'tsx', 'bench/baseline-server.ts'],
      { ...env, CASEDESK_PORT: String(basePort) },
      { port: basePort },
    );
    const port = freePort();
    const server = await startServerProcess(casedeskServeArgs('intake'), { ...env, CASEDESK_PORT: String(port) }, { port });
    const baselineTarget: Target = {
      url: `${baseline.url}/baseline/cases`,
      headers: { 'content-type': 'application/json' },
      bodies: [caseBody],
    };
    const intake = (bodies: string[]): Target => ({
      url: `${server.url}/api/v1/cases`,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${seeded.token}` },
      bodies,
    });
    // The same call naming the contact: its case is acknowledged by mail, written with the case.
    const acknowledgedBody = JSON.stringify({ ...(JSON.parse(caseBody) as object), contactId: seeded.contactId });
    const variants = [
      {
        scenario: 'case intake POST /api/v1/cases',
        ratioScenario: 'case intake / baseline',
        label: 'intake',
        target: intake([caseBody]),
        goal: database === 'sqlite' ? '>= 2000' : undefined,
        ratioGoal: '>= 0.4',
        runs: [] as LoadResult[],
      },
      {
        // Every other call names a contact with an e-mail address, as on a real hotline where callers are known.
        scenario: 'intake, half acknowledged',
        ratioScenario: 'half acknowledged / baseline',
        label: 'half acknowledged',
        target: intake([acknowledgedBody, caseBody]),
        goal: undefined,
        ratioGoal: undefined,
        runs: [] as LoadResult[],
      },
    ];
    await warmUp(baselineTarget);
    for (const variant of variants) await warmUp(variant.target);
    const baselineRuns: LoadResult[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      baselineRuns.push(await load(baselineTarget));
      for (const variant of variants) variant.runs.push(await load(variant.target));
    }
    await baseline.stop();
    await server.stop();
    await postgres?.drop();
    const baselineResult = medianRun(baselineRuns);
    const perSecond = (runs: LoadResult[]) => runs.map((run) => Math.round(run.perSecond)).join(' / ');
    const ratiosOf = (runs: LoadResult[]) => runs.map((run, round) => run.perSecond / baselineRuns[round]!.perSecond).sort((a, b) => a - b);
    console.log(
      `${''.padEnd(34)} [${database}] ${ROUNDS} rounds of ${DURATION_S} s each: baseline ${perSecond(baselineRuns)} req/s, ` +
        variants
          .map(
            (variant) =>
              `${variant.label} ${perSecond(variant.runs)} cases/s, ratios ${ratiosOf(variant.runs)
                .map((ratio) => ratio.toFixed(2))
                .join(' / ')}`,
          )
          .join('; '),
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
    for (const variant of variants) {
      const median = medianRun(variant.runs);
      lines.push(
        report({
          scenario: variant.scenario,
          database,
          metric: `cases/s at c=${CONNECTIONS}, median run`,
          value: median.perSecond,
          unit: 'cases/s',
          target: variant.goal,
        }),
      );
      lines.push(
        report({ scenario: variant.scenario, database, metric: 'latency p50 / p99', value: median.p50, unit: `ms / ${median.p99}` }),
      );
      lines.push(
        report({
          scenario: variant.ratioScenario,
          database,
          metric: `ratio, median of ${ROUNDS} rounds`,
          value: ratiosOf(variant.runs)[Math.floor(ROUNDS / 2)]!,
          unit: 'x',
          target: variant.ratioGoal,
        }),
      );
    }
    const errors = (runs: LoadResult[]) => runs.reduce((sum, run) => sum + run.errors, 0);
    const variantErrors = variants.reduce((sum, variant) => sum + errors(variant.runs), 0);
    if (variantErrors + errors(baselineRuns) > 0)
      console.log(`  (non-2xx or errors: intake ${variantErrors}, baseline ${errors(baselineRuns)})`);
  }
  return lines;
}
