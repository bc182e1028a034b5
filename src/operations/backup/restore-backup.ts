import fs from 'node:fs';
import path from 'node:path';
import { openStorage } from '../../storage/db.js';
import { restoreDatabase, targetContents } from '../../storage/database-snapshot.js';
import { migrateToLatest } from '../../storage/migrate.js';
import type { InstallationPlace } from './create-backup.js';
import { BackupError, checkFiles, FILES_FOLDER, filesUnder, readManifest, restoreSourceOf, type Manifest } from './manifest.js';

export interface RestoreResult {
  manifest: Manifest;
  /** Migrations of this CaseDesk version the backup was older than, applied after the restore. */
  migrationsApplied: string[];
}

/**
 * Restores the backup in `from` into the configured installation: its database (SQLite file, or PostgreSQL schema)
 * and its data folder's files. The target must be empty unless `force` is given; then CaseDesk's data there is
 * replaced. The backup is checked against its manifest first, and the restored database is migrated to this
 * version, so CaseDesk starts on it as on any other.
 */
export async function restoreBackup(
  place: InstallationPlace,
  from: string,
  options: { force: boolean; defaultCountry?: string },
): Promise<RestoreResult> {
  const dir = path.resolve(from);
  const manifest = readManifest(dir);
  const problems = await checkFiles(dir, manifest);
  if (problems.length > 0) throw new BackupError(`the backup in ${dir} does not match its manifest:\n  ${problems.join('\n  ')}`);
  if (manifest.database.kind !== place.target.kind) {
    throw new BackupError(
      `this is a ${manifest.database.kind === 'sqlite' ? 'SQLite' : 'PostgreSQL'} backup, and CaseDesk is configured for ` +
        `${place.target.kind === 'sqlite' ? 'SQLite (no CASEDESK_DATABASE_URL)' : 'PostgreSQL (CASEDESK_DATABASE_URL)'}`,
    );
  }
  const occupied = [...(await targetContents(place.target)), ...filesUnder(place.filesDir).map((name) => path.join(place.filesDir, name))];
  if (occupied.length > 0 && !options.force) {
    const shown = occupied.slice(0, 5).join(', ') + (occupied.length > 5 ? `, … (${occupied.length} in all)` : '');
    throw new BackupError(
      `refusing to restore into a place that is not empty: ${shown}. Restore into an empty one, or pass --force to replace it`,
    );
  }
  await restoreDatabase(place.target, restoreSourceOf(dir, manifest), { replace: options.force });
  if (options.force) {
    for (const area of ['case-attachments', 'project-attachments'])
      fs.rmSync(path.join(place.filesDir, area), { recursive: true, force: true });
  }
  const files = path.join(dir, FILES_FOLDER);
  if (fs.existsSync(files)) fs.cpSync(files, place.filesDir, { recursive: true });
  const storage = openStorage(place.target);
  try {
    const migrationsApplied = await migrateToLatest(storage, { defaultCountry: options.defaultCountry });
    return { manifest, migrationsApplied };
  } finally {
    await storage.close();
  }
}
