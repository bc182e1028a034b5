import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { afterAll, expect, it } from 'vitest';
import { checkFiles, describeFiles, type Manifest } from '../../src/operations/backup/manifest.js';
import { snapshotDatabase } from '../../src/storage/database-snapshot.js';
import { SqliteDatabase } from '../../src/storage/sqlite-driver.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'casedesk-backup-loop-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

// A scheduled backup runs inside the server: while SQLite's pages are copied, requests must still be answered. The
// copy runs in a worker thread, so the event loop keeps turning; copied on the main thread in one step it would turn
// a handful of times in all, however large the database.
it('copies a SQLite database while the event loop keeps turning', async () => {
  const file = path.join(dir, 'casedesk.sqlite');
  const database = new SqliteDatabase(file);
  database.pragma('journal_mode = WAL');
  database.exec('create table attachments_bench (id integer primary key, body blob)');
  const insert = database.prepare('insert into attachments_bench (body) values (randomblob(100000))');
  database.transaction(() => {
    for (let row = 0; row < 400; row++) insert.run();
  })();
  database.close();

  let turns = 0;
  let copying = true;
  const turn = () => {
    if (!copying) return;
    turns++;
    setImmediate(turn);
  };
  setImmediate(turn);
  const copyDir = path.join(dir, 'copy');
  fs.mkdirSync(copyDir);
  const snapshot = await snapshotDatabase({ kind: 'sqlite', file }, copyDir);
  copying = false;

  expect(snapshot.tables['attachments_bench']).toBe(400);
  expect(fs.statSync(path.join(copyDir, snapshot.file)).size).toBeGreaterThan(40_000_000);
  expect(turns).toBeGreaterThan(50);
});

// After the page copy the copy is switched out of WAL mode (bytes 18 and 19 of its header go from 2 to 1), then its
// rows are counted and its attachment keys read for the manifest: on a large database that takes as long as the copy.
// Done on the main thread, all of it would run between two turns of the loop, so not one turn would see the header
// switched before the snapshot is done.
it('counts the copy’s rows and reads its file keys while the event loop keeps turning', async () => {
  const file = path.join(dir, 'many-rows.sqlite');
  const database = new SqliteDatabase(file);
  database.pragma('journal_mode = WAL');
  database.exec('create table service_records_bench (id integer primary key, minutes integer)');
  database.exec('create table case_attachments (id integer primary key, storage_key text not null)');
  database.exec(`with recursive n(i) as (select 1 union all select i + 1 from n where i < 2000000)
                 insert into service_records_bench (minutes) select i % 480 from n`);
  database.exec(`with recursive n(i) as (select 1 union all select i + 1 from n where i < 300000)
                 insert into case_attachments (storage_key) select 'case-attachments/' || i || '.bin' from n`);
  database.close();

  const copyDir = path.join(dir, 'many-rows-copy');
  fs.mkdirSync(copyDir);
  const copyFile = path.join(copyDir, 'casedesk.sqlite');
  const header = Buffer.alloc(20);
  let descriptor: number | null = null;
  const switchedOutOfWal = () => {
    if (descriptor === null) {
      if (!fs.existsSync(copyFile)) return false;
      descriptor = fs.openSync(copyFile, 'r');
    }
    return fs.readSync(descriptor, header, 0, 20, 0) === 20 && header[18] === 1 && header[19] === 1;
  };
  let turnsBeforeSwitch = 0;
  let turnsWhileDescribing = 0;
  let copying = true;
  const turn = () => {
    if (!copying) return;
    if (switchedOutOfWal()) turnsWhileDescribing++;
    else turnsBeforeSwitch++;
    setImmediate(turn);
  };
  setImmediate(turn);
  const snapshot = await snapshotDatabase({ kind: 'sqlite', file }, copyDir);
  copying = false;
  if (descriptor !== null) fs.closeSync(descriptor);

  expect(snapshot.tables['service_records_bench']).toBe(2_000_000);
  expect(snapshot.tables['case_attachments']).toBe(300_000);
  expect(snapshot.folderFileKeys).toHaveLength(300_000);
  expect(snapshot.folderFileKeys[299_999]).toBe('case-attachments/300000.bin');
  expect(turnsBeforeSwitch).toBeGreaterThan(0);
  expect(turnsWhileDescribing).toBeGreaterThan(50);
}, 120_000);

// The manifest's checksums: a backup's files run to gigabytes, and hashing is CPU work. Hashed on the main thread block
// by block from a stream, the event loop was busy for a third of the time here (utilisation 0.33, 800 ms of 2.4 s for
// 256 MB); hashed in a worker thread, the loop only starts it and waits for the answer (0.02–0.07 under a load of 20,
// 0.19 once in CI: 61 ms of 319, the worker's start-up). So the loop's busy time is compared with hashing the same
// bytes on it.
// Verifying a backup hashes the same files again.
it('checksums a backup’s files for the manifest, and checks them, while the event loop stays free', async () => {
  const folder = path.join(dir, 'checksummed');
  fs.mkdirSync(path.join(folder, 'files', 'case-attachments'), { recursive: true });
  const block = Buffer.alloc(1 << 20);
  for (let index = 0; index < block.length; index++) block[index] = (index * 31 + (index >> 12)) & 0xff;
  const BLOCKS = 256;
  const descriptor = fs.openSync(path.join(folder, 'casedesk.sqlite'), 'w');
  for (let written = 0; written < BLOCKS; written++) fs.writeSync(descriptor, block);
  fs.closeSync(descriptor);
  fs.writeFileSync(path.join(folder, 'files', 'case-attachments', 'a.bin'), 'switch log');
  fs.writeFileSync(path.join(folder, 'files', 'case-attachments', 'empty.bin'), '');

  const before = performance.eventLoopUtilization();
  const files = await describeFiles(folder);
  const describing = performance.eventLoopUtilization(before);

  // The same bytes hashed on this thread: what the loop would be busy with if the worker did not take it.
  const hashingStarted = performance.now();
  const whole = createHash('sha256');
  for (let hashed = 0; hashed < BLOCKS; hashed++) whole.update(block);
  const wholeSha256 = whole.digest('hex');
  const hashingMs = performance.now() - hashingStarted;
  expect(files).toEqual({
    'casedesk.sqlite': { sha256: wholeSha256, bytes: BLOCKS << 20 },
    'files/case-attachments/a.bin': { sha256: createHash('sha256').update('switch log').digest('hex'), bytes: 10 },
    'files/case-attachments/empty.bin': { sha256: createHash('sha256').digest('hex'), bytes: 0 },
  });
  // Against the hashing itself, not the wall clock: starting the worker costs the loop a few dozen milliseconds, more
  // on a loaded machine, and so does hashing on it.
  expect(
    describing.active,
    `the event loop was busy ${Math.round(describing.active)} of ${Math.round(describing.idle + describing.active)} ms; hashing on it takes ${Math.round(hashingMs)} ms`,
  ).toBeLessThan(hashingMs / 2);

  const manifest: Manifest = {
    format: 'casedesk-backup',
    formatVersion: 1,
    casedeskVersion: 'test',
    createdAt: new Date(0).toISOString(),
    database: { kind: 'sqlite', file: 'casedesk.sqlite', schema: null, extensions: [] },
    lastMigration: null,
    tables: {},
    files,
    missingFiles: [],
  };
  const checkedFrom = performance.eventLoopUtilization();
  expect(await checkFiles(folder, manifest)).toEqual([]);
  expect(performance.eventLoopUtilization(checkedFrom).active).toBeLessThan(hashingMs / 2);

  // One byte changed in the middle of the large file, one small file gone: both named.
  const tamper = fs.openSync(path.join(folder, 'casedesk.sqlite'), 'r+');
  fs.writeSync(tamper, Buffer.from([block[4096]! ^ 0xff]), 0, 1, (BLOCKS << 19) + 4096);
  fs.closeSync(tamper);
  fs.rmSync(path.join(folder, 'files', 'case-attachments', 'a.bin'));
  const problems = await checkFiles(folder, manifest);
  expect(problems).toHaveLength(2);
  expect(problems).toContain('files/case-attachments/a.bin: missing');
  expect(problems.find((problem) => problem.startsWith('casedesk.sqlite: checksum '))).toBeDefined();
}, 120_000);
