import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { readManifest } from '../../src/operations/backup/manifest.js';
import { createTestDatabase, describeOnEachDatabase, type TestDatabase } from '../support/databases.js';

/** Runs `casedesk …` in this process and collects what it printed. */
async function casedesk(...argv: string[]): Promise<{ code: number; output: string }> {
  const printed: string[] = [];
  const collect = (...parts: unknown[]) => void printed.push(parts.map(String).join(' '));
  const log = vi.spyOn(console, 'log').mockImplementation(collect);
  const error = vi.spyOn(console, 'error').mockImplementation(collect);
  try {
    return { code: await runCli(argv), output: printed.join('\n') };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

const SAVED = { ...process.env };

/** Points the CLI's configuration (the environment) at a test database, as an operator would. */
function useDatabase(database: TestDatabase, dataDir: string): void {
  for (const key of Object.keys(process.env)) if (key.startsWith('CASEDESK_') && !(key in SAVED)) delete process.env[key];
  Object.assign(process.env, SAVED);
  delete process.env.CASEDESK_DATABASE_URL;
  process.env.CASEDESK_DATA_DIR = dataDir;
  if (database.target.kind === 'postgres') {
    const { url, schema } = database.target;
    process.env.CASEDESK_DATABASE_URL = `${url}${url.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
  }
}

describeOnEachDatabase('casedesk backup, restore and verify-backup', (name) => {
  let database: TestDatabase;
  let empty: TestDatabase;
  let scratch: string;

  beforeAll(async () => {
    [database, empty] = await Promise.all([createTestDatabase(name), createTestDatabase(name)]);
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'casedesk-backup-cli-'));
    const dataDir = database.target.kind === 'sqlite' ? path.dirname(database.target.file) : path.join(scratch, 'data');
    useDatabase(database, dataDir);
    expect((await casedesk('demo')).code).toBe(0);
  });
  afterAll(async () => {
    for (const key of Object.keys(process.env)) if (key.startsWith('CASEDESK_') && !(key in SAVED)) delete process.env[key];
    Object.assign(process.env, SAVED);
    await Promise.all([database?.drop(), empty?.drop()]);
    if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
  });

  it('backs up, verifies, refuses a non-empty target, restores into an empty one and names a tampered file', async () => {
    const backupDir = path.join(scratch, 'backup');
    const backup = await casedesk('backup', '--to', backupDir);
    expect(backup.code, backup.output).toBe(0);
    expect(backup.output).toMatch(/backup written to .*: \d+ cases/);
    expect(readManifest(backupDir).tables.cases).toBeGreaterThan(0);
    // A backup never mixes with an older one.
    expect((await casedesk('backup', '--to', backupDir)).output).toContain('is not empty');

    const verified = await casedesk('verify-backup', backupDir);
    expect(verified.code, verified.output).toBe(0);
    expect(verified.output).toMatch(/^OK/);

    // Back into the installation it came from: refused, nothing written.
    const refused = await casedesk('restore', '--from', backupDir);
    expect(refused.code).toBe(1);
    expect(refused.output).toMatch(/refusing to restore into a place that is not empty: .*--force/);

    const emptyDataDir = empty.target.kind === 'sqlite' ? path.dirname(empty.target.file) : path.join(scratch, 'empty-data');
    useDatabase(empty, emptyDataDir);
    const restored = await casedesk('restore', '--from', backupDir);
    expect(restored.code, restored.output).toBe(0);
    expect(restored.output).toContain('restored the backup of');
    expect((await casedesk('migrate')).output).toContain('up to date');

    const manifest = readManifest(backupDir);
    const databaseCopy = path.join(backupDir, manifest.database.file);
    fs.appendFileSync(databaseCopy, 'tampered');
    const tampered = await casedesk('verify-backup', backupDir);
    expect(tampered.code).toBe(1);
    expect(tampered.output).toContain(`differs: ${manifest.database.file}: checksum`);
    expect(tampered.output).toContain('failed verification');
  }, 240_000); // two CLI runs of pg_dump and pg_restore: slow on a loaded machine
});
