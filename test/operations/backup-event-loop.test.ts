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
