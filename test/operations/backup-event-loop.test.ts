import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
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
