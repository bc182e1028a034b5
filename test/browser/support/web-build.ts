import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const webRoot = path.join(repoRoot, 'dist/web');
const webSources = path.join(repoRoot, 'web');
const lockDir = path.join(repoRoot, 'dist/.web-build-lock');

function newestSourceMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSourceMtime(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

function isFresh(): boolean {
  const index = path.join(webRoot, 'index.html');
  return fs.existsSync(index) && fs.statSync(index).mtimeMs >= newestSourceMtime(webSources);
}

async function withBuildLock<T>(work: () => Promise<T> | T): Promise<T> {
  fs.mkdirSync(path.dirname(lockDir), { recursive: true });
  for (let attempt = 0; ; attempt += 1) {
    try {
      fs.mkdirSync(lockDir);
      break;
    } catch {
      // A lock older than two minutes belongs to a build that died.
      const age = Date.now() - (fs.statSync(lockDir, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 120_000) fs.rmSync(lockDir, { recursive: true, force: true });
      await new Promise((resolve) => setTimeout(resolve, 250));
      if (attempt > 600) throw new Error('timed out waiting for another web build');
    }
  }
  try {
    return await work();
  } finally {
    fs.rmSync(lockDir, { recursive: true, force: true });
  }
}

async function buildIfStale(): Promise<void> {
  if (isFresh()) return;
  // A child process with NODE_ENV=production: inside Vitest NODE_ENV is "test", which would make a React dev build.
  await execFileAsync(
    process.execPath,
    [path.join(repoRoot, 'node_modules/vite/bin/vite.js'), 'build', '--config', path.join(webSources, 'vite.config.ts')],
    {
      cwd: repoRoot,
      env: { ...process.env, NODE_ENV: 'production' },
    },
  );
}

/**
 * Makes sure dist/web holds a build of the current web/ sources (`npm ci` builds it; a developer editing web/ may
 * not have). Several browser test files may start at once: a lock directory lets one build while the others wait.
 */
export async function ensureWebBuilt(): Promise<string> {
  if (!isFresh()) await withBuildLock(buildIfStale);
  return webRoot;
}

/**
 * A private copy of the current build for one test server: a rebuild of dist/web while the tests run (another test
 * file, or someone editing web/) empties that folder, which would pull the scripts from under a page mid-test.
 */
export async function snapshotWebBuild(): Promise<{ dir: string; remove(): void }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'casedesk-web-'));
  await withBuildLock(async () => {
    await buildIfStale();
    fs.cpSync(webRoot, dir, { recursive: true });
  });
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
