import autocannon from 'autocannon';
import path from 'node:path';
import { createApiToken } from '../../src/services/auth/api-tokens.js';
import { systemClock, type ServiceContext } from '../../src/services/context.js';
import { createDepartment } from '../../src/services/departments/manage-departments.js';
import { createOrganization } from '../../src/services/organizations/manage-organizations.js';
import { createUser } from '../../src/services/people/create-user.js';
import { openStorage } from '../../src/storage/db.js';
import { migrateToLatest } from '../../src/storage/migrate.js';
import { freePort, freshDataDir, freshPostgresDatabase, report, startServerProcess, type BenchLine } from '../support.js';

const CONNECTIONS = 32;
const DURATION_S = Number(process.env.CASEDESK_BENCH_SECONDS ?? 10);

interface LoadResult {
  perSecond: number;
  p50: number;
  p99: number;
  errors: number;
}

async function load(url: string, headers: Record<string, string>, body: string): Promise<LoadResult> {
  // A short warm-up so JIT and connection pools are settled before the measured run.
  await autocannon({ url, method: 'POST', headers, body, connections: CONNECTIONS, duration: 2 });
  const result = await autocannon({ url, method: 'POST', headers, body, connections: CONNECTIONS, duration: DURATION_S });
  return { perSecond: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: result.non2xx + result.errors };
}

/** Seeds what a secretary's call needs (an organisation, a department with its manager, a token) before the server starts. */
async function seed(target: { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string }) {
  const storage = openStorage(target);
  await migrateToLatest(storage);
  const context: ServiceContext = { storage, clock: systemClock, publicUrl: 'http://localhost' };
  const system = { userId: 'bench', role: 'admin' as const, organizationId: null };
  const admin = await createUser(context, null, {
    email: 'bench-admin@example.com',
    name: 'Bench admin',
    role: 'admin',
    organizationId: null,
    language: 'en',
  });
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
  const { token } = await createApiToken(context, admin.id, 'bench', null);
  await storage.close();
  return { token, organizationId: organization.id, departmentId: department.id };
}

/** Case intake over HTTP at concurrency 32, against a bare one-INSERT route measured in the same run. */
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

    const basePort = freePort();
    const baseline = await startServerProcess(
      ['--import', 'tsx', 'bench/baseline-server.ts'],
      { ...env, CASEDESK_PORT: String(basePort) },
      { port: basePort },
    );
    const baselineResult = await load(`${baseline.url}/baseline/cases`, { 'content-type': 'application/json' }, caseBody);
    await baseline.stop();

    const port = freePort();
    const server = await startServerProcess(
      [...(process.env.CASEDESK_BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir=/tmp/intake-prof'] : []), 'dist/cli/main.js', 'serve'],
      { ...env, CASEDESK_PORT: String(port) },
      { port },
    );
    const intake = await load(
      `${server.url}/api/v1/cases`,
      { 'content-type': 'application/json', authorization: `Bearer ${seeded.token}` },
      caseBody,
    );
    await server.stop();
    await postgres?.drop();

    lines.push(
      report({
        scenario: 'baseline: one INSERT route',
        database,
        metric: `req/s at c=${CONNECTIONS}`,
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
        metric: `cases/s at c=${CONNECTIONS}`,
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
        metric: 'ratio',
        value: intake.perSecond / baselineResult.perSecond,
        unit: 'x',
        target: '>= 0.4',
      }),
    );
    if (intake.errors + baselineResult.errors > 0)
      console.log(`  (non-2xx or errors: intake ${intake.errors}, baseline ${baselineResult.errors})`);
  }
  return lines;
}
