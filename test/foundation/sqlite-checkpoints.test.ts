import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { openStorage, type Storage } from '../../src/storage/db.js';
import { migrateToLatest } from '../../src/storage/migrate.js';
import { insertOrganization } from '../../src/storage/repositories/organizations.js';

const at = '2026-03-02T08:00:00.000Z';

/** Writes enough organisations that the write-ahead log holds many pages the database file does not yet have. */
async function writeMany(storage: Storage, from: number): Promise<void> {
  for (let index = from; index < from + 400; index++) {
    await insertOrganization(storage.db, {
      id: `org-${index}`,
      name: `Customer ${index} ${'x'.repeat(900)}`,
      code: null,
      notes: null,
      created_at: at,
      updated_at: at,
    });
  }
}

describe('storage: SQLite copies its write-ahead log into the database in the background', () => {
  let dir: string;
  let storage: Storage | undefined;

  afterEach(async () => {
    await storage?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('checkpoints while the server thread does nothing, and leaves no log behind when closed', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'casedesk-checkpoints-'));
    const file = path.join(dir, 'casedesk.sqlite');
    storage = openStorage({ kind: 'sqlite', file });
    await migrateToLatest(storage);
    const size = () => fs.statSync(file).size;
    // The worker starts after a second and checkpoints every second from then on.
    for (const round of [0, 1, 2]) {
      await writeMany(storage, round * 400);
      const before = size();
      await expect.poll(size, { timeout: 10_000, interval: 100 }).toBeGreaterThan(before);
    }
    await storage.close();
    storage = undefined;
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
    const reopened = openStorage({ kind: 'sqlite', file });
    const { count } = await reopened.db
      .selectFrom('organizations')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('id', 'like', 'org-%')
      .executeTakeFirstOrThrow();
    await reopened.close();
    expect(Number(count)).toBe(1200);
  });

  it('lets a script that closes storage after the worker started end normally', () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'casedesk-checkpoints-'));
    const storageModule = pathToFileURL(path.resolve('src/storage/db.ts')).href;
    const script = path.join(dir, 'close.mts');
    // Nothing but the close is pending when it is awaited: the worker must keep the process alive until it has stopped.
    fs.writeFileSync(
      script,
      `import { openStorage } from '${storageModule}';
const storage = openStorage({ kind: 'sqlite', file: ${JSON.stringify(path.join(dir, 'casedesk.sqlite'))} });
await new Promise((resolve) => setTimeout(resolve, 1_500));
await storage.close();
console.log('closed');
`,
    );
    const run = spawnSync(process.execPath, ['--import', 'tsx', script], { encoding: 'utf8', timeout: 60_000 });
    expect({ status: run.status, stdout: run.stdout.trim() }, run.stderr).toEqual({ status: 0, stdout: 'closed' });
  });

  it('closes at once when opened for a moment, before any checkpoint was due', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'casedesk-checkpoints-'));
    const file = path.join(dir, 'casedesk.sqlite');
    storage = openStorage({ kind: 'sqlite', file });
    await migrateToLatest(storage);
    await storage.close();
    storage = undefined;
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
  });
});
