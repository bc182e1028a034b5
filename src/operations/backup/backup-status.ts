import fs from 'node:fs';
import path from 'node:path';
import { mayReadBackups } from '../../domain/access/policies/backups.js';
import type { Actor } from '../../domain/access/permissions.js';
import type { ServiceContext } from '../../services/context.js';
import { forbidden } from '../../services/errors.js';
import { BackupError, readManifest } from './manifest.js';
import { BACKUP_FOLDER, lastBackupRun, type BackupRun, type BackupSchedule } from './scheduled-backups.js';

/** One folder of the backup folder, as its manifest describes it. */
export interface KeptBackup {
  folder: string;
  createdAt: string;
  casedeskVersion: string;
  database: 'sqlite' | 'postgres';
  lastMigration: string | null;
  cases: number | null;
  /** The database copy and the files, as written (the manifest's file sizes plus the copy's own). */
  bytes: number;
  files: number;
}

export interface BackupStatus {
  /** null: no scheduled backups (CASEDESK_BACKUP_DIR unset); `casedesk backup --to` still works by hand. */
  schedule: BackupSchedule | null;
  lastRun: BackupRun | null;
  /** Complete backups under the schedule's folder, newest first. */
  kept: KeptBackup[];
  /** Folders without a manifest: a backup running now, or one that stopped half-way. */
  unfinished: string[];
}

/** What an admin sees on the Backups page: the schedule, how the last run went, and the backups kept on disk. */
export async function readBackupStatus(context: ServiceContext, actor: Actor, schedule: BackupSchedule | null): Promise<BackupStatus> {
  if (!mayReadBackups(actor)) throw forbidden();
  const lastRun = await lastBackupRun(context.storage.db);
  if (!schedule) return { schedule: null, lastRun, kept: [], unfinished: [] };
  let names: string[];
  try {
    names = fs.readdirSync(schedule.dir).filter((name) => BACKUP_FOLDER.test(name));
  } catch {
    // Not created yet (no run so far) or not readable: the last run says which.
    names = [];
  }
  const kept: KeptBackup[] = [];
  const unfinished: string[] = [];
  for (const name of names.sort().reverse()) {
    const folder = path.join(schedule.dir, name);
    try {
      const manifest = readManifest(folder);
      const databaseBytes = fileSize(path.join(folder, manifest.database.file));
      const fileBytes = Object.values(manifest.files).reduce((sum, file) => sum + file.bytes, 0);
      kept.push({
        folder: name,
        createdAt: manifest.createdAt,
        casedeskVersion: manifest.casedeskVersion,
        database: manifest.database.kind,
        lastMigration: manifest.lastMigration,
        cases: manifest.tables.cases ?? null,
        bytes: databaseBytes + fileBytes,
        files: Object.keys(manifest.files).length,
      });
    } catch (error) {
      if (!(error instanceof BackupError)) throw error;
      unfinished.push(name);
    }
  }
  return { schedule, lastRun, kept, unfinished };
}

function fileSize(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}
