import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.js';
import { createBackup, type InstallationPlace } from '../../src/operations/backup/create-backup.js';
import { BackupError, MANIFEST_FILE, readManifest } from '../../src/operations/backup/manifest.js';
import { restoreBackup } from '../../src/operations/backup/restore-backup.js';
import { verifyBackup } from '../../src/operations/backup/verify-backup.js';
import type { Actor } from '../../src/domain/access/permissions.js';
import { systemClock } from '../../src/services/context.js';
import { createDepartment } from '../../src/services/departments/manage-departments.js';
import { addContact } from '../../src/services/organizations/manage-organizations.js';
import { openStorage, type DatabaseTarget } from '../../src/storage/db.js';
import { pendingMigrations } from '../../src/storage/migrate.js';
import { describeOnEachDatabase } from '../support/databases.js';
import { TestApp, type TestUser } from '../support/test-app.js';

const system: Actor = { userId: 'system', role: 'admin', organizationId: null };
const postgresUrl = process.env.CASEDESK_TEST_DATABASE_URL;

/** A case or a file whose creation CaseDesk answered, and whether it did so before the backup began. */
interface Acknowledged {
  caseId: string;
  beforeBackup: boolean;
  file?: { id: string; content: Buffer };
}

async function adminQuery(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** A fresh place to restore into: an empty folder, or an empty database on the test server. */
async function freshPlace(database: 'sqlite' | 'postgres'): Promise<InstallationPlace & { drop(): Promise<void> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'casedesk-restore-'));
  const filesDir = path.join(dir, 'files');
  if (database === 'sqlite') {
    return {
      target: { kind: 'sqlite', file: path.join(dir, 'casedesk.sqlite') },
      filesDir,
      drop: async () => fs.rmSync(dir, { recursive: true, force: true }),
    };
  }
  const name = `wt_backup_restore_${randomBytes(4).toString('hex')}`;
  await adminQuery(postgresUrl!, `create database ${name}`);
  const url = new URL(postgresUrl!);
  url.pathname = `/${name}`;
  // A schema name other than the backup's: the restore puts the data under the name the installation works in.
  const target: DatabaseTarget = { kind: 'postgres', url: url.toString(), schema: 'restored' };
  return {
    target,
    filesDir,
    drop: async () => {
      fs.rmSync(dir, { recursive: true, force: true });
      await adminQuery(postgresUrl!, `drop database if exists ${name} with (force)`);
    },
  };
}

describeOnEachDatabase('backup during intake, restore, verify-backup', (database) => {
  let app: TestApp;
  let secretary: TestUser;
  let engineer: TestUser;
  let organizationId: string;
  let contactId: string;
  let departmentId: string;
  let backupDir: string;
  let restored: InstallationPlace & { drop(): Promise<void> };
  const acknowledged: Acknowledged[] = [];
  let backupStarted = false;

  beforeAll(async () => {
    // Migrated here, not copied: on a copy (tables in `public`, a database of its own) the PostgreSQL half ran out of
    // connections ("too many clients") and timed out; not yet understood.
    app = await TestApp.start(database, { filesInDataFolder: true, migrated: false });
    secretary = await app.user('secretary');
    engineer = await app.user('executive');
    const manager = await app.user('manager');
    departmentId = (await createDepartment(app.context, system, { name: 'Network Services', managerUserId: manager.id })).id;
    organizationId = (await app.organization('Harbour Power Grid')).id;
    contactId = (
      await addContact(app.context, system, organizationId, { name: 'Carla Contact', email: 'carla@harbour.example', language: 'en' })
    ).id;
    backupDir = fs.mkdtempSync(path.join(os.tmpdir(), 'casedesk-backup-'));
    restored = await freshPlace(database);
  });
  afterAll(async () => {
    await app?.stop();
    await restored?.drop();
    if (backupDir) fs.rmSync(backupDir, { recursive: true, force: true });
  });

  const source = (): InstallationPlace => ({ target: app.database.target, filesDir: app.context.filesDir! });

  /** One customer call: the case logged, then a log file sent with a public note, as the API's clients do it. */
  async function intakeOne(n: number): Promise<void> {
    const opened = await app.request<{ id: string }>(secretary, 'POST', '/api/v1/cases', {
      organizationId,
      contactId,
      departmentId,
      assigneeId: engineer.id,
      channel: 'hotline',
      level: 2,
      title: `Core switch drops packets (${n})`,
      description: 'Intermittent packet loss on the core switch since Monday.',
    });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    acknowledged.push({ caseId: opened.body.id, beforeBackup: !backupStarted });
    const content = Buffer.from(`%LINK-3-UPDOWN: Interface Gi1/0/${n}, changed state to down ${randomBytes(8).toString('hex')}\n`);
    const upload = await app.upload(engineer, `/api/v1/cases/${opened.body.id}/attachments`, `switch-${n}.log`, content);
    expect(upload.statusCode, upload.body).toBe(201);
    const fileId = upload.json<{ id: string }>().id;
    const note = await app.request(engineer, 'POST', `/api/v1/cases/${opened.body.id}/notes`, {
      body: 'The switch log, attached.',
      visibility: 'public',
      attachmentIds: [fileId],
    });
    expect(note.status, JSON.stringify(note.body)).toBe(204);
    acknowledged.push({ caseId: opened.body.id, beforeBackup: !backupStarted, file: { id: fileId, content } });
  }

  it('a backup taken during a burst of intake, restored into a fresh place, holds every case, file and escalation step acknowledged before it began', async () => {
    for (let n = 0; n < 5; n += 1) await intakeOne(n);
    let stop = false;
    let next = 100;
    const workers = Array.from({ length: 4 }, async () => {
      while (!stop) await intakeOne(next++);
    });
    // The burst is under way when the backup starts, and goes on while it runs.
    while (acknowledged.length < 20) await new Promise((resolve) => setImmediate(resolve));
    backupStarted = true;
    const backup = await createBackup(source(), backupDir);
    const afterBackup = acknowledged.length;
    while (acknowledged.length < afterBackup + 8) await new Promise((resolve) => setImmediate(resolve));
    stop = true;
    await Promise.all(workers);

    const manifest = readManifest(backupDir);
    expect(manifest).toEqual(backup.manifest);
    expect(manifest.lastMigration).toMatch(/^\d{4}-/);
    expect(manifest.missingFiles).toEqual([]);
    const before = acknowledged.filter((entry) => entry.beforeBackup);
    const beforeCases = [...new Set(before.map((entry) => entry.caseId))];
    expect(manifest.tables.cases).toBeGreaterThanOrEqual(beforeCases.length);
    // Intake went on after the snapshot: the live database holds more cases than the backup.
    const live = await app.storage.db
      .selectFrom('cases')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .executeTakeFirstOrThrow();
    expect(Number(live.count)).toBeGreaterThan(manifest.tables.cases!);

    const result = await restoreBackup(restored, backupDir, { force: false });
    expect(result.migrationsApplied).toEqual([]);
    const storage = openStorage(restored.target);
    const restoredApp = await buildApp({
      context: { storage, clock: systemClock, publicUrl: 'http://casedesk.test', filesDir: restored.filesDir },
      webRoot: false,
    });
    try {
      expect(await pendingMigrations(storage)).toEqual([]);
      for (const caseId of beforeCases) {
        // The same API token works: the restored installation is the one backed up.
        const response = await restoredApp.inject({ method: 'GET', url: `/api/v1/cases/${caseId}`, headers: secretary.headers });
        expect(response.statusCode, `case ${caseId}`).toBe(200);
        const stepsThen = await app.storage.db
          .selectFrom('escalation_steps')
          .select('id')
          .where('case_id', '=', caseId)
          .orderBy('id')
          .execute();
        const stepsNow = await storage.db.selectFrom('escalation_steps').select('id').where('case_id', '=', caseId).orderBy('id').execute();
        expect(stepsThen.length).toBeGreaterThan(0);
        expect(stepsNow).toEqual(stepsThen);
      }
      for (const { caseId, file } of before.filter((entry) => entry.file)) {
        const download = await restoredApp.inject({
          method: 'GET',
          url: `/api/v1/cases/${caseId}/attachments/${file!.id}`,
          headers: secretary.headers,
        });
        expect(download.statusCode, `file ${file!.id}`).toBe(200);
        expect(download.rawPayload.equals(file!.content)).toBe(true);
      }
      // The restored database takes new cases like any other.
      const fresh = await restoredApp.inject({
        method: 'POST',
        url: '/api/v1/cases',
        headers: secretary.headers,
        payload: {
          organizationId,
          contactId,
          departmentId,
          channel: 'hotline',
          level: 3,
          title: 'After the restore',
          description: 'A new case.',
        },
      });
      expect(fresh.statusCode, fresh.body).toBe(201);
    } finally {
      await restoredApp.close();
      await storage.close();
    }
  });

  it('a restore into a place that is not empty is refused, and replaces it with force', async () => {
    await expect(restoreBackup(restored, backupDir, { force: false })).rejects.toThrow(BackupError);
    await expect(restoreBackup(restored, backupDir, { force: false })).rejects.toThrow(/not empty.*--force/);
    await expect(restoreBackup(source(), backupDir, { force: false })).rejects.toThrow(/not empty/);
    const replaced = await restoreBackup(restored, backupDir, { force: true });
    const storage = openStorage(restored.target);
    try {
      const count = await storage.db
        .selectFrom('cases')
        .select((eb) => eb.fn.countAll<number>().as('count'))
        .executeTakeFirstOrThrow();
      // The case opened after the first restore is gone: the backup's cases, no more.
      expect(Number(count.count)).toBe(replaced.manifest.tables.cases);
    } finally {
      await storage.close();
    }
  });

  it('verify-backup passes a sound backup and names a tampered file', async () => {
    const sound = await verifyBackup(backupDir, { postgresServerUrl: postgresUrl });
    expect(sound.problems).toEqual([]);

    const manifest = readManifest(backupDir);
    const attachment = Object.keys(manifest.files).find((name) => name.startsWith('files/')) ?? manifest.database.file;
    const file = path.join(backupDir, attachment);
    const original = fs.readFileSync(file);
    try {
      fs.writeFileSync(file, Buffer.concat([original, Buffer.from('tampered')]));
      const tampered = await verifyBackup(backupDir, { postgresServerUrl: postgresUrl });
      expect(tampered.problems.join('\n')).toContain(`${attachment}: checksum`);
      // A changed manifest count is caught by the restore.
      const edited = { ...manifest, tables: { ...manifest.tables, cases: manifest.tables.cases! + 1 } };
      fs.writeFileSync(file, original);
      fs.writeFileSync(path.join(backupDir, MANIFEST_FILE), JSON.stringify(edited));
      const miscounted = await verifyBackup(backupDir, { postgresServerUrl: postgresUrl });
      expect(miscounted.problems).toEqual([
        `table cases: ${manifest.tables.cases} rows after the restore, the manifest says ${manifest.tables.cases! + 1}`,
      ]);
    } finally {
      fs.writeFileSync(file, original);
      fs.writeFileSync(path.join(backupDir, MANIFEST_FILE), JSON.stringify(manifest));
    }
    const digest = createHash('sha256').update(fs.readFileSync(file)).digest('hex');
    expect(digest).toBe(manifest.files[attachment]!.sha256);
  });
});
