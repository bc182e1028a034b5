import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { fileKey, fileStoreOf, type FileStore } from '../../src/storage/file-store.js';
import type { Storage } from '../../src/storage/db.js';
import { createTestDatabase, describeOnEachDatabase, type TestDatabase } from '../support/databases.js';

describeOnEachDatabase('file store: the bytes of uploaded files, readable by every instance', (name) => {
  let database: TestDatabase;
  let storage: Storage;
  let other: Storage;
  let filesDir: string;
  let store: FileStore;
  const at = '2026-03-02T08:00:00.000Z';

  beforeAll(async () => {
    database = await createTestDatabase(name, { migrated: true });
    storage = await database.open();
    // A second connection pool with its own (empty) data folder stands for another instance.
    other = await database.open();
    filesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'casedesk-files-'));
    store = fileStoreOf(storage, filesDir)!;
  });
  afterAll(async () => {
    await other.close();
    await storage.close();
    await database.drop();
    fs.rmSync(filesDir, { recursive: true, force: true });
  });

  it('keeps the bytes in the database on PostgreSQL and in the data folder on SQLite', async () => {
    const key = fileKey('case-attachments', 'a1');
    const content = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff]);
    await storage.transaction((trx) => store.put(trx, key, content, at));
    expect(store.location).toBe(name === 'postgres' ? 'database' : 'data-folder');
    expect(fs.existsSync(path.join(filesDir, key))).toBe(name === 'sqlite');
    expect(await store.read(storage.db, key)).toEqual(content);
    const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), 'casedesk-other-'));
    // Another instance on the same PostgreSQL database, with nothing in its own folder, serves it too.
    if (name === 'postgres') expect(await fileStoreOf(other, elsewhere)!.read(other.db, key)).toEqual(content);
    fs.rmSync(elsewhere, { recursive: true, force: true });
  });

  it('leaves nothing behind when the transaction that stored a file fails', async () => {
    const key = fileKey('case-attachments', 'a2');
    await expect(
      storage.transaction(async (trx) => {
        await store.put(trx, key, Buffer.from('log line\n'), at);
        throw new Error('the record could not be written');
      }),
    ).rejects.toThrow('could not be written');
    await store.discardUnsaved([key]);
    expect(await store.read(storage.db, key)).toBeNull();
    expect(fs.existsSync(path.join(filesDir, key))).toBe(false);
  });

  it('removes a file with its record, and only once the removal committed', async () => {
    const key = fileKey('project-attachments', 'a3');
    await storage.transaction((trx) => store.put(trx, key, Buffer.from('drawing'), at));
    await expect(
      storage.transaction(async (trx) => {
        await store.remove(trx, [key]);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await store.read(storage.db, key)).toEqual(Buffer.from('drawing'));
    const afterCommit = await storage.transaction((trx) => store.remove(trx, [key]));
    await afterCommit();
    expect(await store.read(storage.db, key)).toBeNull();
  });

  it('still reads a file stored in the data folder before the bytes moved into the database', async () => {
    const key = fileKey('project-attachments', 'legacy');
    fs.mkdirSync(path.join(filesDir, 'project-attachments'), { recursive: true });
    fs.writeFileSync(path.join(filesDir, key), 'hostname core-1\n');
    expect((await store.read(storage.db, key))?.toString()).toBe('hostname core-1\n');
  });

  it('refuses a key that is not one it made', async () => {
    await expect(store.read(storage.db, '../../etc/passwd')).rejects.toThrow('not a file store key');
  });
});
