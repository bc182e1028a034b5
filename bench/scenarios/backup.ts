import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { createBackup } from '../../src/operations/backup/create-backup.js';
import { report, repoRoot, SERVER_NODE_FLAGS, type BenchLine } from '../support.js';
import { openMillionCases } from './million-cases.js';

const run = promisify(execFile);

/** Bytes of every file under `dir` (what the folder takes on disk, save the file system's block rounding). */
function bytesUnder(dir: string): number {
  let total = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    total += entry.isDirectory() ? bytesUnder(full) : fs.statSync(full).size;
  }
  return total;
}

const megabytes = (bytes: number) => bytes / 1024 / 1024;

/** `casedesk <args>` from the build, as an operator runs it next to a serving instance; answers its wall-clock seconds. */
async function casedesk(args: string[], env: Record<string, string>): Promise<{ seconds: number; stdout: string }> {
  const started = performance.now();
  const { stdout } = await run(process.execPath, [...SERVER_NODE_FLAGS, 'dist/cli/main.js', ...args], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env, CASEDESK_LOG_LEVEL: 'warn' },
    maxBuffer: 16 * 1024 * 1024,
  });
  return { seconds: (performance.now() - started) / 1000, stdout: stdout.trim() };
}

/**
 * Issue #18: backup time and size at 1 000 000 cases on SQLite. The shared data set (`million-cases.ts`, seeded
 * without search texts unless `CASEDESK_BENCH_BACKUP_SEARCH_TEXTS=1`) stays open in this process, as a serving
 * instance would hold it, while
 * - `casedesk backup --to DIR` (the real CLI, a child process) copies it: seconds, and the backup's size against the
 *   database's;
 * - `casedesk verify-backup DIR` checks it: seconds;
 * - the scheduled backup's own path (`createBackup`, what the server's job runs in its process) copies it again in
 *   this process while a 10 ms timer keeps firing: the event loop's longest delay and its p99 (`monitorEventLoopDelay`)
 *   and how many of the timer's beats came, against how many the backup's duration would hold; the same for 10 s
 *   without a backup first, as the control (on a loaded machine the loop also waits for a core).
 * The data set and the backups are deleted at the end.
 */
export async function backupScenario(): Promise<BenchLine[]> {
  const lines: BenchLine[] = [];
  const searchTexts = process.env.CASEDESK_BENCH_BACKUP_SEARCH_TEXTS === '1';
  const opened = await openMillionCases('sqlite', undefined, { searchTexts });
  if (!opened) return lines;
  const backups = fs.mkdtempSync(path.join(os.tmpdir(), 'casedesk-bench-backups-'));
  try {
    const { storage, seeded, serverEnv } = opened;
    const scenario = `backup, ${seeded.cases.toLocaleString('en')} cases${searchTexts ? '' : ' (no search texts)'}`;
    const line = (metric: string, value: number, unit: string) => lines.push(report({ scenario, database: 'sqlite', metric, value, unit }));
    line('seeding', seeded.seedSeconds, 's');
    // The bulk writes' log is checkpointed in one go, as a running server would have done by now.
    await sql`pragma wal_checkpoint(truncate)`.execute(storage.db);
    const dataDir = serverEnv.CASEDESK_DATA_DIR!;
    const file = path.join(dataDir, 'casedesk.sqlite');
    const databaseBytes = ['', '-wal'].reduce(
      (sum, suffix) => sum + (fs.existsSync(file + suffix) ? fs.statSync(file + suffix).size : 0),
      0,
    );
    line('database size', megabytes(databaseBytes), 'MB');

    const cliDir = path.join(backups, 'cli');
    const backup = await casedesk(['backup', '--to', cliDir], serverEnv);
    line('casedesk backup --to', backup.seconds, 's');
    line('backup size', megabytes(bytesUnder(cliDir)), 'MB');
    const verify = await casedesk(['verify-backup', cliDir], serverEnv);
    if (!verify.stdout.startsWith('OK')) throw new Error(`verify-backup did not say OK: ${verify.stdout}`);
    line('casedesk verify-backup', verify.seconds, 's');
    fs.rmSync(cliDir, { recursive: true, force: true });

    // The same measure for a while without a backup: on a shared machine the loop waits for a core now and then.
    const control = await loopDelayDuring(() => new Promise((resolve) => setTimeout(resolve, 10_000)));
    line('event loop delay, 10 s idle, max', control.maxMs, 'ms');
    line('event loop delay, 10 s idle, p99', control.p99Ms, 'ms');
    const during = await loopDelayDuring(() =>
      createBackup({ target: { kind: 'sqlite', file }, filesDir: path.join(dataDir, 'files') }, path.join(backups, 'scheduled')),
    );
    line('in-server backup', during.seconds, 's');
    line('event loop delay during it, max', during.maxMs, 'ms');
    line('event loop delay during it, p99', during.p99Ms, 'ms');
    line(`10 ms beats during it (of ${Math.floor(during.seconds * 100)})`, during.beats, 'beats');
  } finally {
    fs.rmSync(backups, { recursive: true, force: true });
    await opened.close();
  }
  return lines;
}

/** The event loop's delay (`monitorEventLoopDelay`) while `work` runs, and how many beats a 10 ms timer managed meanwhile. */
async function loopDelayDuring(work: () => Promise<unknown>): Promise<{ seconds: number; maxMs: number; p99Ms: number; beats: number }> {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  let beats = 0;
  const beat = setInterval(() => beats++, 10);
  delay.enable();
  const started = performance.now();
  try {
    await work();
  } finally {
    delay.disable();
    clearInterval(beat);
  }
  return { seconds: (performance.now() - started) / 1000, maxMs: delay.max / 1e6, p99Ms: delay.percentile(99) / 1e6, beats };
}
