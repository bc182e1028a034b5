import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DatabaseTarget } from '../../src/storage/db.js';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
/** What `npm start` runs. */
export const compiledCli = path.join(repoRoot, 'dist/cli/main.js');

/** `npm start` runs the compiled CLI; build it when the sources are newer, so the test runs the code under test. */
export function buildServerIfStale(): void {
  const builtAt = fs.existsSync(compiledCli) ? fs.statSync(compiledCli).mtimeMs : 0;
  const newest = (dir: string): number =>
    fs
      .readdirSync(dir, { withFileTypes: true })
      .reduce(
        (latest, entry) =>
          Math.max(latest, entry.isDirectory() ? newest(path.join(dir, entry.name)) : fs.statSync(path.join(dir, entry.name)).mtimeMs),
        0,
      );
  if (newest(path.join(repoRoot, 'src')) > builtAt) {
    execFileSync(process.execPath, [path.join(repoRoot, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
      cwd: repoRoot,
    });
  }
}

/** A port on 127.0.0.1 that was free a moment ago. */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The environment that points a spawned `casedesk serve` at a test database (a SQLite file, or a PostgreSQL schema). */
export function databaseEnvironment(target: DatabaseTarget): Record<string, string> {
  if (target.kind === 'sqlite') return { CASEDESK_DATA_DIR: path.dirname(target.file) };
  const url = new URL(target.url);
  if (target.schema) url.searchParams.set('options', `-c search_path=${target.schema}`);
  return { CASEDESK_DATABASE_URL: url.toString() };
}
