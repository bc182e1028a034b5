import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { createApiToken } from '../src/services/auth/api-tokens.js';
import type { ServiceContext } from '../src/services/context.js';
import type { Storage } from '../src/storage/db.js';
import { createUser } from '../src/services/people/create-user.js';

export const repoRoot = path.resolve(import.meta.dirname, '..');

/** The Node flags bin/casedesk.js and `npm start` run CaseDesk with; every server a benchmark starts gets them too. */
export const SERVER_NODE_FLAGS = ['--max-semi-space-size=64'];

export interface BenchLine {
  scenario: string;
  database?: 'sqlite' | 'postgres';
  metric: string;
  value: number;
  unit: string;
  target?: string;
}

/** One line per figure, aligned, so a run reads as a table; with the 1-minute load average, as shared machines vary. */
export function report(line: BenchLine): BenchLine {
  const where = line.database ? ` [${line.database}]` : '';
  const value = Number.isInteger(line.value) ? String(line.value) : line.value.toFixed(line.value < 10 ? 3 : 1);
  console.log(
    `${(line.scenario + where).padEnd(34)} ${line.metric.padEnd(34)} ${value.padStart(12)} ${line.unit.padEnd(8)} ${(line.target ? `target ${line.target}` : '').padEnd(18)} load ${os.loadavg()[0]!.toFixed(1)}`,
  );
  return line;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

export function median(values: number[]): number {
  return percentile(
    [...values].sort((a, b) => a - b),
    50,
  );
}

/** Benchmarks measure what `npm start` runs: the compiled server, rebuilt so it matches the source. */
export function ensureServerBuilt(): void {
  console.log('building the server (npm run build:server)…');
  execFileSync('npm', ['run', '--silent', 'build:server'], { cwd: repoRoot, stdio: 'inherit' });
}

export function freshDataDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'casedesk-bench-'));
}

const adminUrl = process.env.CASEDESK_BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** A new, empty PostgreSQL database for one scenario, or null (with the reason printed) when PostgreSQL is not reachable. */
export async function freshPostgresDatabase(label: string): Promise<{ url: string; drop(): Promise<void> } | null> {
  const name = `casedesk_bench_${label}_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  try {
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
  } catch (error) {
    console.log(
      `PostgreSQL not reachable at ${adminUrl} (${error instanceof Error ? error.message : String(error)}); set CASEDESK_BENCH_POSTGRES_URL`,
    );
    await admin.end().catch(() => undefined);
    return null;
  }
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  stop(): Promise<void>;
}

/** Starts a server script as its own process and resolves once /readyz answers 200. */
export async function startServerProcess(
  args: string[],
  env: Record<string, string>,
  options: { port: number; timeoutMs?: number; readyPath?: string } = { port: 0 },
): Promise<ServerProcess & { readyMs: number }> {
  const started = performance.now();
  const child = spawn(process.execPath, args, {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env, CASEDESK_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const url = `http://127.0.0.1:${options.port}`;
  const deadline = started + (options.timeoutMs ?? 30_000);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}: ${stderr}`);
    try {
      const response = await fetch(`${url}${options.readyPath ?? '/readyz'}`);
      if (response.status === 200) break;
    } catch {
      // not listening yet
    }
    if (performance.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server not ready in time: ${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const readyMs = performance.now() - started;
  return {
    child,
    url,
    readyMs,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
      }),
  };
}

/** The admin a scenario signs in as, with an API token for its requests. */
export async function createBenchAdmin(context: ServiceContext): Promise<{ id: string; token: string }> {
  const admin = await createUser(context, null, {
    email: 'bench-admin@example.com',
    name: 'Bench admin',
    role: 'admin',
    organizationId: null,
    language: 'en',
  });
  const { token } = await createApiToken(context, admin.id, 'bench', null);
  return { id: admin.id, token };
}

/** The arguments that start `casedesk serve` from the build as `npm start` does; with CASEDESK_BENCH_PROFILE set, a CPU
 * profile is written to /tmp/<scenario>-prof when the server stops. */
export function casedeskServeArgs(scenario: string): string[] {
  return [
    ...(process.env.CASEDESK_BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=/tmp/${scenario}-prof`] : []),
    ...SERVER_NODE_FLAGS,
    'dist/cli/main.js',
    'serve',
  ];
}

/** Resident set size of a process, from /proc (Linux). */
export function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

/** CPU time (user and system) a process has used so far, from /proc (Linux). */
export function cpuSeconds(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  // utime and stime are fields 14 and 15 of the line, counted from the pid; in clock ticks (100 a second on Linux).
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

let nextPort = 18_080 + Math.floor(Math.random() * 1000);
export function freePort(): number {
  return nextPort++;
}

/**
 * Seeds cases in bulk with PostgreSQL's open-case counter trigger (migration 0049) switched off, then counts the open
 * cases once, set-based, as 0049 itself fills `open_case_counts`. The trigger adds one to one of a few counter rows
 * per open case: right for intake, but a bulk statement of hundreds of thousands of open cases updates each counter
 * row tens of thousands of times in one transaction, every update walking that row's earlier versions, and the
 * 1 000 000-case seeding did not end in 17 minutes. SQLite's triggers run as they do in service.
 */
export async function withOpenCaseCountsAfterwards<T>(storage: Storage, seed: () => Promise<T>): Promise<T> {
  if (storage.dialect !== 'postgres') return seed();
  await sql`alter table cases disable trigger cases_open_count`.execute(storage.db);
  try {
    return await seed();
  } finally {
    await sql`alter table cases enable trigger cases_open_count`.execute(storage.db);
    await sql`delete from open_case_counts`.execute(storage.db);
    await sql`insert into open_case_counts (department_key, level, slot, open)
      select coalesce(department_id, ''), level, 0, count(*) from cases where resolved_at is null
      group by coalesce(department_id, ''), level`.execute(storage.db);
  }
}
