/**
 * CPU time per case intake, steadier than req/s on a shared machine: a fixed number of `POST /api/v1/cases` at
 * concurrency 32 against built servers, and the CPU time (`/proc`) the server process used meanwhile, and on
 * PostgreSQL also its database's backends. Several variants (checkouts, or SQL run on the seeded database before the
 * server starts, say an index dropped) run side by side and take turns, so a slow spell of the machine hits all.
 *
 *   npx tsx bench/intake-cpu.ts [--db sqlite|postgres] [--turns 4] [--requests 4000] [--warmup 2000]
 *     [--variant 'label=/path/to/checkout[;sql statement;…]'] … [--profile DIR] [--node-args '…'] [--statements]
 *     [--contact]
 *
 * `--statements` also counts the database statements each server runs per intake (bench/statement-probe.mjs), a figure
 * the machine's load does not move; `--contact` names the seeded contact on every call, so each case is acknowledged.
 * Without `--variant` it measures this checkout. Every checkout needs `npm run build:server`; each seeds its own
 * database with its own migrations and services, so an older release can be measured against this one.
 */
import autocannon from 'autocannon';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { intakeCaseBody } from './scenarios/intake.js';
import { cpuSeconds, freePort, freshDataDir, freshPostgresDatabase, repoRoot, startServerProcess, SERVER_NODE_FLAGS } from './support.js';

interface Variant {
  label: string;
  root: string;
  statements: string[];
}

function option(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1]! : fallback;
}

const database = option('db', 'sqlite') as 'sqlite' | 'postgres';
const turns = Number(option('turns', '4'));
const requests = Number(option('requests', '4000'));
const warmup = Number(option('warmup', '2000'));
/** Seconds after a load for the background indexers to take in the new cases; their CPU counts to the intake. */
const settleMs = Number(option('settle-ms', '1500'));
/** With `--profile DIR`, each server writes a CPU profile to DIR/<label> when it stops. */
const profileDir = option('profile', '');
/** `--node-args '--import /path/to/probe.mjs'`: more Node flags for every server. */
const nodeArgs = option('node-args', '').split(' ').filter(Boolean);
const countStatements = process.argv.includes('--statements');
const probeDir = countStatements ? fs.mkdtempSync(path.join(os.tmpdir(), 'casedesk-statements-')) : '';
const probe = countStatements ? ['--import', pathToFileURL(path.join(import.meta.dirname, 'statement-probe.mjs')).href] : [];
const withContact = process.argv.includes('--contact');
const variants: Variant[] = process.argv.flatMap((argument, index) => {
  if (process.argv[index - 1] !== '--variant') return [];
  const [head, ...statements] = argument.split(';').map((part) => part.trim());
  const [label, root] = head!.split('=');
  return [{ label: label!, root: path.resolve(root!), statements: statements.filter(Boolean) }];
});
if (variants.length === 0) variants.push({ label: 'this', root: repoRoot, statements: [] });

type Target = { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string };

/** What a secretary's call needs, seeded with the checkout's own code (as the intake benchmark seeds it). */
async function seed(root: string, target: Target, statements: string[]) {
  const load = <T>(file: string) => import(pathToFileURL(path.join(root, file)).href) as Promise<T>;
  const { openStorage } = await load<typeof import('../src/storage/db.js')>('src/storage/db.ts');
  const { migrateToLatest } = await load<typeof import('../src/storage/migrate.js')>('src/storage/migrate.ts');
  const { systemClock } = await load<typeof import('../src/services/context.js')>('src/services/context.ts');
  const { createDepartment } = await load<typeof import('../src/services/departments/manage-departments.js')>(
    'src/services/departments/manage-departments.ts',
  );
  const { addContact, createOrganization } = await load<typeof import('../src/services/organizations/manage-organizations.js')>(
    'src/services/organizations/manage-organizations.ts',
  );
  const { createUser } = await load<typeof import('../src/services/people/create-user.js')>('src/services/people/create-user.ts');
  const { createApiToken } = await load<typeof import('../src/services/auth/api-tokens.js')>('src/services/auth/api-tokens.ts');
  const { sql } = await import('kysely');
  const storage = openStorage(target);
  await migrateToLatest(storage);
  const context = { storage, clock: systemClock, publicUrl: 'http://localhost' };
  const system = { userId: 'bench', role: 'admin' as const, organizationId: null };
  const person = (email: string, role: 'admin' | 'manager') =>
    createUser(context, null, { email, name: email, role, organizationId: null, language: 'en' });
  const admin = await person('bench-admin@example.com', 'admin');
  const { token } = await createApiToken(context, admin.id, 'bench', null);
  const manager = await person('bench-manager@example.com', 'manager');
  const department = await createDepartment(
    context,
    { ...system, userId: admin.id },
    { name: 'Network services', managerUserId: manager.id },
  );
  const organization = await createOrganization(context, system, { name: 'Bench customer' });
  const contact = await addContact(context, { ...system, userId: admin.id }, organization.id, {
    name: 'Li Wei',
    email: 'li.wei@bench-customer.example',
  });
  for (const statement of statements) await sql.raw(statement).execute(storage.db);
  await storage.close();
  return { token, organizationId: organization.id, departmentId: department.id, contactId: contact.id };
}

/** CPU seconds of the backends connected to one PostgreSQL database (other than the asking one). */
async function backendSeconds(client: pg.Client, name: string, known: Map<number, number>): Promise<number> {
  const { rows } = await client.query<{ pid: number }>('select pid from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [
    name,
  ]);
  for (const { pid } of rows) {
    try {
      known.set(pid, cpuSeconds(pid));
    } catch {
      // gone meanwhile; its last reading stays
    }
  }
  return [...known.values()].reduce((sum, seconds) => sum + seconds, 0);
}

interface Started {
  variant: Variant;
  server: Awaited<ReturnType<typeof startServerProcess>>;
  postgres: Awaited<ReturnType<typeof freshPostgresDatabase>>;
  seeded: { token: string };
  body: string;
  samples: { server: number; backends: number; wall: number; statements: number }[];
}
const started: Started[] = [];
for (const variant of variants) {
  const dataDir = freshDataDir();
  const postgres = database === 'postgres' ? await freshPostgresDatabase('intakecpu') : null;
  if (database === 'postgres' && !postgres) process.exit(1);
  const seeded = await seed(
    variant.root,
    postgres ? { kind: 'postgres', url: postgres.url } : { kind: 'sqlite', file: path.join(dataDir, 'casedesk.sqlite') },
    variant.statements,
  );
  const port = freePort();
  const env = {
    CASEDESK_DATA_DIR: dataDir,
    CASEDESK_PORT: String(port),
    ...(postgres ? { CASEDESK_DATABASE_URL: postgres.url } : {}),
    ...(countStatements ? { BENCH_STATEMENT_PROBE_DIR: probeDir, BENCH_STATEMENT_PROBE_ROOT: variant.root } : {}),
  };
  const profile = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${path.join(profileDir, variant.label)}`] : [];
  const server = await startServerProcess(
    [...profile, ...probe, ...nodeArgs, ...SERVER_NODE_FLAGS, path.join(variant.root, 'dist/cli/main.js'), 'serve'],
    env,
    // A loaded machine starts a server slowly; the probe adds its own loading.
    { port, timeoutMs: 120_000 },
  );
  const body = withContact
    ? JSON.stringify({ ...(JSON.parse(intakeCaseBody(seeded)) as object), contactId: seeded.contactId })
    : intakeCaseBody(seeded);
  started.push({ variant, server, postgres, seeded, body, samples: [] });
}

const admin =
  database === 'postgres'
    ? new pg.Client({ connectionString: process.env.CASEDESK_BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' })
    : null;
await admin?.connect();
const backends = new Map(started.map((entry) => [entry, new Map<number, number>()]));

async function fire(entry: Started, amount: number): Promise<number> {
  const result = await autocannon({
    url: entry.server.url,
    connections: 32,
    amount,
    requests: [
      {
        method: 'POST',
        path: '/api/v1/cases',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${entry.seeded.token}` },
        body: entry.body,
      },
    ],
  });
  return result.non2xx + result.errors;
}

/** Statements the server has run so far, as its probe last wrote them. */
const statementsOf = (entry: Started) =>
  countStatements ? Number(fs.readFileSync(path.join(probeDir, String(entry.server.child.pid)), 'utf8')) : 0;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
for (const entry of started) await fire(entry, warmup);
await sleep(settleMs);
// What each server spends idle (its timers and background jobs), per second: subtracted from each load's CPU for the
// time it took, so a slow turn is not charged for the idle work it happened to span.
const idleMs = 5_000;
const idleBefore = started.map((entry) => cpuSeconds(entry.server.child.pid!));
await sleep(idleMs);
const idlePerSecond = new Map(
  started.map((entry, index) => [entry, (cpuSeconds(entry.server.child.pid!) - idleBefore[index]!) / (idleMs / 1000)]),
);
console.log(
  `intake CPU, ${database}: ${turns} turns of ${requests} intakes at c=32 per variant (warm-up ${warmup}), settle ${settleMs} ms; ` +
    `node ${process.version}, ${os.cpus().length} cores`,
);
for (let turn = 0; turn < turns; turn++) {
  // Each turn starts with the next variant, so none always follows the same one.
  const order = started.map((_, index) => started[(index + turn) % started.length]!);
  for (const entry of order) {
    const name = entry.postgres ? new URL(entry.postgres.url).pathname.slice(1) : '';
    const known = backends.get(entry)!;
    const serverBefore = cpuSeconds(entry.server.child.pid!);
    const statementsBefore = statementsOf(entry);
    const backendsBefore = admin ? await backendSeconds(admin, name, known) : 0;
    const wallBefore = performance.now();
    const errors = await fire(entry, requests);
    const wall = performance.now() - wallBefore;
    await sleep(settleMs);
    const elapsedS = (performance.now() - wallBefore) / 1000;
    const serverUs = ((cpuSeconds(entry.server.child.pid!) - serverBefore - idlePerSecond.get(entry)! * elapsedS) / requests) * 1e6;
    const backendUs = admin ? (((await backendSeconds(admin, name, known)) - backendsBefore) / requests) * 1e6 : 0;
    // The probe writes its count every 100 ms; the settle time covers that. The background jobs' statements during the
    // load count (the indexers' are part of an intake's cost); their idle ticks add a few per second.
    const statements = (statementsOf(entry) - statementsBefore) / requests;
    entry.samples.push({ server: serverUs, backends: backendUs, wall, statements });
    console.log(
      `  turn ${turn + 1} ${entry.variant.label.padEnd(16)} server ${serverUs.toFixed(0).padStart(5)} µs/case` +
        (admin ? `, backends ${backendUs.toFixed(0).padStart(5)} µs/case` : '') +
        (countStatements ? `, ${statements.toFixed(2)} statements/case` : '') +
        `, ${((requests / wall) * 1000).toFixed(0)} cases/s${errors ? `, ${errors} errors` : ''}, load ${os.loadavg()[0]!.toFixed(1)}`,
    );
  }
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
console.log('medians:');
for (const entry of started) {
  const server = median(entry.samples.map((sample) => sample.server));
  const idleMsPerS = idlePerSecond.get(entry)! * 1000;
  const backendsUs = median(entry.samples.map((sample) => sample.backends));
  console.log(
    `  ${entry.variant.label.padEnd(16)} server ${server.toFixed(0)} µs/case` +
      (admin ? `, backends ${backendsUs.toFixed(0)}, together ${median(entry.samples.map((s) => s.server + s.backends)).toFixed(0)}` : '') +
      (countStatements ? `, ${median(entry.samples.map((s) => s.statements)).toFixed(2)} statements/case` : '') +
      ` (min ${Math.min(...entry.samples.map((s) => s.server)).toFixed(0)}, max ${Math.max(...entry.samples.map((s) => s.server)).toFixed(0)}; ` +
      `idle ${idleMsPerS.toFixed(1)} ms/s, subtracted)`,
  );
}
await admin?.end();
for (const entry of started) {
  await entry.server.stop();
  await entry.postgres?.drop();
}
