import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { renderBackupFailedMail } from '../../mail/templates/backup-mail.js';
import type { ServiceContext } from '../../services/context.js';
import { enqueueMail } from '../../services/notifications/enqueue-mail.js';
import { inTurnOn, type Executor } from '../../storage/db.js';
import { findAdminSetting, saveAdminSetting } from '../../storage/repositories/admin-settings.js';
import { listUsers } from '../../storage/repositories/users.js';
import { createBackup, type InstallationPlace } from './create-backup.js';
import { MANIFEST_FILE } from './manifest.js';

export interface BackupSchedule {
  dir: string;
  /** How many complete backups are kept; older ones are deleted after a successful run. */
  keep: number;
  everyHours: number;
}

/** The last run as every instance stores and reads it (and the API shows it). */
export const lastRunSchema = z.object({
  startedAt: z.string(),
  finishedAt: z.string(),
  ok: z.boolean(),
  folder: z.string(),
  bytes: z.number().nullable(),
  cases: z.number().nullable(),
  error: z.string().nullable(),
  // When a backup last succeeded, this run or an earlier one: after a failure, monitoring still sees how old the newest
  // good backup is. Absent in runs recorded before it was kept.
  lastSuccessAt: z.string().nullable().optional(),
});

/** The last scheduled backup, successful or not. */
export type BackupRun = z.infer<typeof lastRunSchema>;

/** Kept as an admin setting, so every instance sees the same last run. */
const LAST_RUN = 'backup.last-run';

export async function lastBackupRun(executor: Executor): Promise<BackupRun | null> {
  const value = await findAdminSetting(executor, LAST_RUN);
  if (value === undefined) return null;
  try {
    const parsed = lastRunSchema.safeParse(JSON.parse(value));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** `casedesk-2026-11-26T131600Z`: sorts by time, and says when it was taken. */
export const BACKUP_FOLDER = /^casedesk-\d{4}-\d{2}-\d{2}T\d{6}Z$/;
const folderName = (at: Date) => `casedesk-${at.toISOString().slice(0, 19).replace(/:/g, '')}Z`;

/**
 * The scheduled-backup job's tick, on every instance: when the last run started `everyHours` ago or more, this
 * instance backs up into a new folder under `schedule.dir`, then deletes all but the newest `keep` backups. On
 * PostgreSQL the instances take turns (an advisory lock), and the one after sees the run just recorded, so each
 * backup is taken once. A failure is recorded and mailed to the admins; older backups are then left alone.
 */
export async function runDueBackup(context: ServiceContext, place: InstallationPlace, schedule: BackupSchedule): Promise<BackupRun | null> {
  return inTurnOn(context.storage, 'scheduled-backup', async () => {
    const last = await lastBackupRun(context.storage.db);
    const started = context.clock.now();
    if (last && started.getTime() - Date.parse(last.startedAt) < schedule.everyHours * 3_600_000) return null;
    const folder = path.join(schedule.dir, folderName(started));
    let run: BackupRun;
    try {
      const result = await createBackup(place, folder, () => context.clock.now());
      run = {
        ...outcome(started, context, folder),
        ok: true,
        bytes: result.bytes,
        cases: result.manifest.tables.cases ?? null,
        error: null,
      };
      run.lastSuccessAt = run.finishedAt;
      pruneBackups(schedule);
    } catch (error) {
      run = {
        ...outcome(started, context, folder),
        ok: false,
        bytes: null,
        cases: null,
        error: error instanceof Error ? error.message : String(error),
        lastSuccessAt: last?.lastSuccessAt ?? (last?.ok ? last.finishedAt : null),
      };
      // An unfinished folder (no manifest) is no backup; it would only fill the disk.
      if (fs.existsSync(folder) && !fs.existsSync(path.join(folder, MANIFEST_FILE))) fs.rmSync(folder, { recursive: true, force: true });
    }
    await context.storage.transaction(async (trx) => {
      await saveAdminSetting(trx, { name: LAST_RUN, value: JSON.stringify(run), updatedAt: run.finishedAt, updatedBy: null });
      if (!run.ok) await mailAdmins(trx, context, run);
    });
    return run;
  });
}

function outcome(started: Date, context: ServiceContext, folder: string): Pick<BackupRun, 'startedAt' | 'finishedAt' | 'folder'> {
  return { startedAt: started.toISOString(), finishedAt: context.clock.now().toISOString(), folder };
}

async function mailAdmins(executor: Executor, context: ServiceContext, run: BackupRun): Promise<void> {
  const admins = await listUsers(executor, { role: 'admin', limit: 100 });
  for (const admin of admins.filter((user) => user.disabled_at === null)) {
    const mail = renderBackupFailedMail({ language: admin.language, startedAt: run.startedAt, folder: run.folder, error: run.error ?? '' });
    await enqueueMail(executor, context, {
      kind: 'backup-failed',
      to: admin.email,
      recipientUserId: admin.id,
      language: admin.language,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      dedupeKey: `backup-failed:${run.startedAt}:${admin.id}`,
      caseId: null,
    });
  }
}

/** Keeps the newest `keep` complete backups; older ones, and unfinished folders older than the newest, go. */
function pruneBackups(schedule: BackupSchedule): void {
  const folders = fs
    .readdirSync(schedule.dir)
    .filter((name) => BACKUP_FOLDER.test(name))
    .sort()
    .reverse();
  const complete = folders.filter((name) => fs.existsSync(path.join(schedule.dir, name, MANIFEST_FILE)));
  const kept = new Set(complete.slice(0, schedule.keep));
  const newest = complete[0];
  for (const name of folders) {
    if (kept.has(name) || newest === undefined || name > newest) continue;
    fs.rmSync(path.join(schedule.dir, name), { recursive: true, force: true });
  }
}
