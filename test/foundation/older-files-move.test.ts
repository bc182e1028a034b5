import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { createApiToken } from '../../src/services/auth/api-tokens.js';
import { newId } from '../../src/services/context.js';
import { createUser } from '../../src/services/people/create-user.js';
import type { Storage } from '../../src/storage/db.js';
import { fileKey, moveFolderFilesIntoDatabase } from '../../src/storage/file-store.js';
import { createTestDatabase, describeOnEachDatabase, type TestDatabase } from '../support/databases.js';
import { databaseEnvironment } from '../support/server-process.js';

/**
 * Before migration 0022 a project attachment was written to the data folder of the instance that took the upload,
 * on PostgreSQL too. Every instance moves the ones it has into the database at start-up, so any instance serves them.
 */
describeOnEachDatabase('project attachments kept in the data folder before migration 0022', (name) => {
  let database: TestDatabase;
  let storage: Storage;
  let token: string;
  let projectId: string;
  const scratch: string[] = [];

  /** A data folder of its own, as each instance on PostgreSQL has; SQLite's is the one beside its database file. */
  const dataFolder = (): string => {
    if (database.target.kind === 'sqlite') return path.dirname(database.target.file);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'casedesk-instance-'));
    scratch.push(dir);
    return dir;
  };
  const start = (dataDir: string): Promise<RunningServer> =>
    startServer(
      loadConfig({
        CASEDESK_PORT: '0',
        CASEDESK_HOST: '127.0.0.1',
        CASEDESK_LOG_LEVEL: 'silent',
        ...databaseEnvironment(database.target),
        CASEDESK_DATA_DIR: dataDir,
      }),
    );
  const filePath = (dataDir: string, attachmentId: string) => path.join(dataDir, 'files', fileKey('project-attachments', attachmentId));

  /** What the upload wrote before 0022: a record naming `<id>.bin`, and the bytes in the data folder(s) given. */
  async function olderAttachment(content: string, dataDirs: string[], recorded = content): Promise<string> {
    const id = newId();
    await storage.db
      .insertInto('project_attachments')
      .values({
        id,
        project_id: projectId,
        file_name: 'core-switch.cfg',
        content_type: 'text/plain; charset=utf-8',
        size_bytes: Buffer.byteLength(recorded),
        sha256: createHash('sha256').update(recorded).digest('hex'),
        stored_name: `${id}.bin`,
        uploaded_by: null,
        created_at: '2025-11-03T09:00:00.000Z',
      })
      .execute();
    for (const dataDir of dataDirs) {
      fs.mkdirSync(path.dirname(filePath(dataDir, id)), { recursive: true });
      fs.writeFileSync(filePath(dataDir, id), content);
    }
    return id;
  }

  const download = (server: RunningServer, attachmentId: string) =>
    fetch(`${server.url.replace('localhost', '127.0.0.1')}/api/v1/projects/${projectId}/attachments/${attachmentId}`, {
      headers: { authorization: `Bearer ${token}` },
    });
  const storedKeys = async (): Promise<string[]> =>
    (await storage.db.selectFrom('stored_files').select('key').orderBy('key').execute()).map((row) => row.key);

  beforeAll(async () => {
    database = await createTestDatabase(name, { migrated: true });
    storage = await database.open();
    const first = await start(dataFolder());
    try {
      const admin = await createUser(first.context, null, {
        email: 'older-files@example.com',
        name: 'Admin',
        role: 'admin',
        organizationId: null,
        language: 'en',
      });
      token = (await createApiToken(first.context, admin.id, 'older files', null)).token;
      const post = async (url: string, body: unknown) => {
        const answer = await fetch(`${first.url.replace('localhost', '127.0.0.1')}${url}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        expect(answer.status).toBe(201);
        return (await answer.json()) as { id: string };
      };
      const organization = await post('/api/v1/organizations', { name: 'Harbour Logistics' });
      projectId = (
        await post('/api/v1/projects', {
          organizationId: organization.id,
          name: 'Core network 2024',
          deliveredAt: '2024-04-01',
          guaranteeEndsAt: '2026-03-31',
        })
      ).id;
    } finally {
      await first.stop();
    }
  });
  afterAll(async () => {
    await storage.close();
    await database.drop();
    for (const dir of scratch) fs.rmSync(dir, { recursive: true, force: true });
  });

  it.runIf(name === 'postgres')(
    'moves them into the database when two instances start at once; a third instance without them serves them',
    async () => {
      const [folderA, folderB, folderC] = [dataFolder(), dataFolder(), dataFolder()];
      const onlyInA = await olderAttachment('hostname core-1\n', [folderA]);
      // A data folder copied to a second instance: both hold the file, both try to move it.
      const inBoth = await olderAttachment('hostname core-2\n', [folderA, folderB]);
      // Bytes that are not the ones the record describes, and a file no record names: left where they are.
      const changed = await olderAttachment('hostname edited-by-hand\n', [folderA], 'hostname core-3\n');
      const unnamed = newId();
      fs.writeFileSync(filePath(folderA, unnamed), 'left over\n');

      const [a, b] = await Promise.all([start(folderA), start(folderB)]);
      const c = await start(folderC);
      try {
        expect(await storedKeys()).toEqual([fileKey('project-attachments', onlyInA), fileKey('project-attachments', inBoth)].sort());
        for (const id of [onlyInA, inBoth]) {
          expect(fs.existsSync(filePath(folderA, id))).toBe(false);
          expect(fs.existsSync(filePath(folderB, id))).toBe(false);
        }
        expect(fs.existsSync(filePath(folderA, changed))).toBe(true);
        expect(fs.existsSync(filePath(folderA, unnamed))).toBe(true);

        for (const [id, content] of [
          [onlyInA, 'hostname core-1\n'],
          [inBoth, 'hostname core-2\n'],
        ] as const) {
          for (const server of [c, b, a]) {
            const answer = await download(server, id);
            expect(answer.status).toBe(200);
            expect(await answer.text()).toBe(content);
          }
        }
      } finally {
        await Promise.all([a.stop(), b.stop(), c.stop()]);
      }
    },
  );

  it.runIf(name === 'postgres')(
    'moves each file once when run twice side by side, and finishes a move stopped before the file was removed',
    async () => {
      const [shared, other] = [dataFolder(), dataFolder()];
      const ids = [
        await olderAttachment('interface Gi1/0/1\n', [shared]),
        await olderAttachment('interface Gi1/0/2\n', [shared, other]),
        await olderAttachment('interface Gi1/0/3\n', [shared]),
      ];
      // Stopped after the bytes were committed, before the file was removed.
      const committed = await olderAttachment('interface Gi1/0/4\n', [other]);
      await storage.db
        .insertInto('stored_files')
        .values({
          key: fileKey('project-attachments', committed),
          content: Buffer.from('interface Gi1/0/4\n'),
          size_bytes: 18,
          created_at: '2025-11-03T09:00:00.000Z',
        })
        .execute();

      const second = await database.open();
      try {
        // Two runs on one folder (a folder the instances share) and a third on a copy of part of it, all at once.
        const runs = await Promise.all([
          moveFolderFilesIntoDatabase(storage, path.join(shared, 'files')),
          moveFolderFilesIntoDatabase(second, path.join(shared, 'files')),
          moveFolderFilesIntoDatabase(storage, path.join(other, 'files')),
        ]);
        const moved = runs.reduce((sum, run) => sum + run.moved, 0);
        expect(moved).toBe(3);
        expect(runs.every((run) => run.left === 0)).toBe(true);
        const keys = await storedKeys();
        for (const id of [...ids, committed]) {
          expect(keys.filter((key) => key === fileKey('project-attachments', id))).toHaveLength(1);
          expect(fs.existsSync(filePath(shared, id)) || fs.existsSync(filePath(other, id))).toBe(false);
        }
        // Run again: nothing is left to move.
        expect(await moveFolderFilesIntoDatabase(storage, path.join(shared, 'files'))).toEqual({ moved: 0, alreadyInDatabase: 0, left: 0 });
        const content = await storage.db
          .selectFrom('stored_files')
          .select('content')
          .where('key', '=', fileKey('project-attachments', ids[1]!))
          .executeTakeFirstOrThrow();
        expect(Buffer.from(content.content).toString()).toBe('interface Gi1/0/2\n');
      } finally {
        await second.close();
      }
    },
  );

  it.runIf(name === 'sqlite')('leaves them in the data folder on SQLite, where files belong, and serves them from there', async () => {
    const folder = dataFolder();
    const id = await olderAttachment('hostname core-1\n', [folder]);
    const server = await start(folder);
    try {
      expect(fs.readFileSync(filePath(folder, id), 'utf8')).toBe('hostname core-1\n');
      const answer = await download(server, id);
      expect(answer.status).toBe(200);
      expect(await answer.text()).toBe('hostname core-1\n');
    } finally {
      await server.stop();
    }
    expect(await moveFolderFilesIntoDatabase(storage, path.join(folder, 'files'))).toEqual({ moved: 0, alreadyInDatabase: 0, left: 0 });
    expect(fs.readFileSync(filePath(folder, id), 'utf8')).toBe('hostname core-1\n');
  });
});
