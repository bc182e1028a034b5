import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { InstallationPlace } from '../../src/operations/backup/create-backup.js';
import { readManifest } from '../../src/operations/backup/manifest.js';
import { lastBackupRun, runDueBackup, type BackupSchedule } from '../../src/operations/backup/scheduled-backups.js';
import { ManualClock } from '../../src/services/context.js';
import type { Storage } from '../../src/storage/db.js';
import { describeOnEachDatabase } from '../support/databases.js';
import { TestApp, type TestUser } from '../support/test-app.js';

describeOnEachDatabase('scheduled backups', (database) => {
  let app: TestApp;
  let admin: TestUser;
  let dir: string;
  let schedule: BackupSchedule;
  let place: InstallationPlace;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'casedesk-scheduled-'));
    schedule = { dir, keep: 2, everyHours: 24 };
    app = await TestApp.start(database, { clock: new ManualClock('2026-11-02T01:00:00.000Z'), filesInDataFolder: true, backup: schedule });
    admin = await app.user('admin', { language: 'zh-CN' });
    place = { target: app.database.target, filesDir: app.context.filesDir! };
  });
  afterAll(async () => {
    await app?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const folders = () => fs.readdirSync(dir).sort();

  it('backs up when due, once per interval, and keeps the newest CASEDESK_BACKUP_KEEP backups', async () => {
    // Before any backup, /metrics says nothing about backups rather than a made-up time.
    expect((await app.inject({ method: 'GET', url: '/metrics' })).body).not.toMatch(/^casedesk_backup_last_run_success/m);
    const first = await runDueBackup(app.context, place, schedule);
    expect(first).toMatchObject({ ok: true, startedAt: '2026-11-02T01:00:00.000Z', error: null });
    expect(folders()).toEqual(['casedesk-2026-11-02T010000Z']);
    expect(readManifest(path.join(dir, 'casedesk-2026-11-02T010000Z')).tables.users).toBe(1);
    // Not due again before the interval has passed.
    app.clock.advanceHours(23);
    expect(await runDueBackup(app.context, place, schedule)).toBeNull();
    for (let day = 0; day < 3; day += 1) {
      app.clock.advanceHours(day === 0 ? 1 : 24);
      expect((await runDueBackup(app.context, place, schedule))?.ok).toBe(true);
    }
    expect(folders()).toEqual(['casedesk-2026-11-04T010000Z', 'casedesk-2026-11-05T010000Z']);
    expect(await lastBackupRun(app.storage.db)).toMatchObject({ ok: true, startedAt: '2026-11-05T01:00:00.000Z' });
    const metrics = (await app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(metrics).toContain(
      `casedesk_backup_last_run_timestamp_seconds{result="success"} ${Date.parse('2026-11-05T01:00:00.000Z') / 1000}`,
    );
    expect(metrics).toContain('casedesk_backup_last_run_success{result="success"} 1');
    expect(metrics).toContain(`casedesk_backup_last_success_timestamp_seconds ${Date.parse('2026-11-05T01:00:00.000Z') / 1000}`);
    expect(metrics).toMatch(/casedesk_backup_last_run_bytes\{result="success"\} [1-9]\d*/);

    // Admins see the schedule, the last run and the two backups kept, newest first; a half-written folder is named.
    fs.mkdirSync(path.join(dir, 'casedesk-2026-11-05T020000Z'));
    const status = await app.inject({ method: 'GET', url: '/api/v1/backups', headers: admin.headers });
    expect(status.statusCode).toBe(200);
    const body = status.json<{
      schedule: unknown;
      lastRun: { ok: boolean };
      kept: { folder: string; cases: number; bytes: number; database: string }[];
      unfinished: string[];
    }>();
    expect(body.schedule).toEqual({ dir, keep: 2, everyHours: 24 });
    expect(body.lastRun).toMatchObject({ ok: true, startedAt: '2026-11-05T01:00:00.000Z' });
    expect(body.kept.map((kept) => kept.folder)).toEqual(['casedesk-2026-11-05T010000Z', 'casedesk-2026-11-04T010000Z']);
    expect(body.kept[0]).toMatchObject({ cases: 0, database: database === 'sqlite' ? 'sqlite' : 'postgres' });
    expect(body.kept[0]!.bytes).toBeGreaterThan(0);
    expect(body.unfinished).toEqual(['casedesk-2026-11-05T020000Z']);
    fs.rmSync(path.join(dir, 'casedesk-2026-11-05T020000Z'), { recursive: true });
    // Nobody else: a backup holds every customer's data.
    const manager = await app.user('manager');
    expect((await app.inject({ method: 'GET', url: '/api/v1/backups', headers: manager.headers })).statusCode).toBe(403);
  });

  it.skipIf(database === 'sqlite')('two instances on one database take a due backup once', async () => {
    const other: Storage = await app.database.open();
    try {
      app.clock.advanceHours(24);
      const runs = await Promise.all([
        runDueBackup(app.context, place, schedule),
        runDueBackup({ ...app.context, storage: other }, place, schedule),
      ]);
      expect(runs.filter((run) => run !== null)).toHaveLength(1);
      expect(folders()).toEqual(['casedesk-2026-11-05T010000Z', 'casedesk-2026-11-06T010000Z']);
    } finally {
      await other.close();
    }
  });

  it('a failed backup is recorded, mailed to the admins in their language, and leaves the older backups alone', async () => {
    const before = folders();
    const lastSuccessBefore = (await lastBackupRun(app.storage.db))!.lastSuccessAt!;
    app.clock.advanceHours(24);
    // A file where the backup folder should be created: the backup cannot be written.
    const blocked = path.join(dir, 'not-a-folder');
    fs.writeFileSync(blocked, '');
    const failed = await runDueBackup(app.context, place, { ...schedule, dir: blocked });
    fs.rmSync(blocked);
    expect(failed).toMatchObject({ ok: false, bytes: null });
    expect(failed!.error).toBeTruthy();
    expect(folders()).toEqual(before);
    expect(await lastBackupRun(app.storage.db)).toEqual(failed);
    const mails = await app.storage.db.selectFrom('outbox_messages').selectAll().where('kind', '=', 'backup-failed').execute();
    expect(mails.map((mail) => [mail.to_address, mail.subject])).toEqual([[admin.email, 'CaseDesk 备份失败']]);
    expect(mails[0]!.text_body).toContain(failed!.error!);
    const metrics = (await app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(metrics).toContain('casedesk_backup_last_run_success{result="failure"} 0');
    // The newest good backup is still the one before the failure, and monitoring can tell how old it is.
    expect(failed!.lastSuccessAt).toBe(lastSuccessBefore);
    expect(metrics).toContain(`casedesk_backup_last_success_timestamp_seconds ${Date.parse(lastSuccessBefore) / 1000}`);
  });
});
