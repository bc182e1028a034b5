import fs from 'node:fs';
import path from 'node:path';
import type { DatabaseTarget } from '../../storage/db.js';
import { snapshotDatabase, type DatabaseSnapshot } from '../../storage/database-snapshot.js';
import {
  BackupError,
  casedeskVersion,
  DATABASE_FOLDER,
  describeFiles,
  FILES_FOLDER,
  filesUnder,
  writeManifest,
  type Manifest,
} from './manifest.js';

/** Where an installation keeps its data: its database and the data folder's `files` directory. */
export interface InstallationPlace {
  target: DatabaseTarget;
  filesDir: string;
}

export interface BackupResult {
  dir: string;
  manifest: Manifest;
  bytes: number;
  milliseconds: number;
}

/** A file the snapshot names may be removed between the snapshot and the copy; the whole backup is then taken again. */
const ATTEMPTS = 3;

/**
 * Backs up a running installation into `to` (new or empty): first a consistent snapshot of the database, then the
 * uploaded files, then the manifest.
 *
 * Why the files copied after the snapshot include every file it names: on SQLite a file is written before the
 * transaction that records it commits (file-store.ts), so every file a snapshot names existed when the snapshot was
 * taken; files added later are harmless extras. A file can still be removed after the snapshot (an unsent upload
 * purged, a legacy PostgreSQL file moved into the database): the copy is checked against the snapshot's list of
 * named files, and on a gap the backup is taken again. On PostgreSQL the bytes are in the database and so in the
 * dump, save files not yet moved there from the data folder.
 */
export async function createBackup(place: InstallationPlace, to: string, clock: () => Date = () => new Date()): Promise<BackupResult> {
  const started = Date.now();
  const dir = path.resolve(to);
  if (fs.existsSync(dir) && fs.readdirSync(dir).length > 0) {
    throw new BackupError(`${dir} is not empty; back up into a new or empty folder`);
  }
  fs.mkdirSync(dir, { recursive: true });
  for (let attempt = 1; attempt <= ATTEMPTS; attempt += 1) {
    for (const entry of fs.readdirSync(dir)) fs.rmSync(path.join(dir, entry), { recursive: true, force: true });
    fs.mkdirSync(path.join(dir, DATABASE_FOLDER));
    const createdAt = clock().toISOString();
    const snapshot = await snapshotDatabase(place.target, path.join(dir, DATABASE_FOLDER));
    const copied = new Set(await copyFiles(place.filesDir, path.join(dir, FILES_FOLDER)));
    const missing = snapshot.folderFileKeys.filter((key) => !copied.has(key));
    // After the last attempt a file still missing was lost before the backup ran: the manifest names it.
    if (missing.length === 0 || attempt === ATTEMPTS) return finish(dir, snapshot, place, createdAt, missing, started);
  }
  throw new BackupError('no backup attempt was made');
}

async function finish(
  dir: string,
  snapshot: DatabaseSnapshot,
  place: InstallationPlace,
  createdAt: string,
  missingFiles: string[],
  started: number,
): Promise<BackupResult> {
  const files = await describeFiles(dir);
  const manifest: Manifest = {
    format: 'casedesk-backup',
    formatVersion: 1,
    casedeskVersion: casedeskVersion(),
    createdAt,
    database: {
      kind: place.target.kind,
      file: `${DATABASE_FOLDER}/${snapshot.file}`,
      schema: snapshot.schema,
      extensions: snapshot.extensions,
    },
    lastMigration: snapshot.lastMigration,
    tables: snapshot.tables,
    files,
    missingFiles,
  };
  writeManifest(dir, manifest);
  const bytes = Object.values(files).reduce((sum, file) => sum + file.bytes, 0);
  return { dir, manifest, bytes, milliseconds: Date.now() - started };
}

/** Copies the data folder's files; returns their keys (`case-attachments/<id>.bin`). A file removed meanwhile is skipped. */
async function copyFiles(from: string, to: string): Promise<string[]> {
  const copied: string[] = [];
  for (const name of filesUnder(from)) {
    const target = path.join(to, name);
    await fs.promises.mkdir(path.dirname(target), { recursive: true });
    try {
      await fs.promises.copyFile(path.join(from, name), target);
      copied.push(name);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  return copied;
}
