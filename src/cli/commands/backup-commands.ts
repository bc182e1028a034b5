import { loadConfig } from '../../config.js';
import { createBackup, type InstallationPlace } from '../../operations/backup/create-backup.js';
import { BackupError } from '../../operations/backup/manifest.js';
import { restoreBackup } from '../../operations/backup/restore-backup.js';
import { verifyBackup } from '../../operations/backup/verify-backup.js';
import { databaseTarget, filesDirOf } from '../../server.js';

function configuredPlace(): InstallationPlace {
  const config = loadConfig();
  return { target: databaseTarget(config), filesDir: filesDirOf(config) };
}

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** `casedesk backup --to DIR`: a consistent copy of the running installation. */
export async function backupCommand(options: { to: string }): Promise<void> {
  const result = await createBackup(configuredPlace(), options.to);
  const { manifest } = result;
  const rows = Object.values(manifest.tables).reduce((sum, count) => sum + count, 0);
  console.log(
    `backup written to ${result.dir}: ${manifest.tables.cases ?? 0} cases, ${rows} rows in ${Object.keys(manifest.tables).length} tables, ` +
      `${Object.keys(manifest.files).length} files, ${megabytes(result.bytes)}, in ${(result.milliseconds / 1000).toFixed(1)} s ` +
      `(schema migration ${manifest.lastMigration ?? 'none'})`,
  );
  if (manifest.missingFiles.length > 0) {
    console.error(
      `warning: ${manifest.missingFiles.length} file(s) the database names were not in the data folder (lost before this backup): ` +
        manifest.missingFiles.slice(0, 10).join(', '),
    );
  }
}

/** `casedesk restore --from DIR [--force]`: into an empty database and data folder, or replacing them with --force. */
export async function restoreCommand(options: { from: string; force?: boolean }): Promise<void> {
  const config = loadConfig();
  const result = await restoreBackup({ target: databaseTarget(config), filesDir: filesDirOf(config) }, options.from, {
    force: options.force === true,
    defaultCountry: config.defaultCountry,
  });
  console.log(
    `restored the backup of ${result.manifest.createdAt} (CaseDesk ${result.manifest.casedeskVersion}, ${result.manifest.tables.cases ?? 0} cases)` +
      (result.migrationsApplied.length > 0 ? `; then applied migrations ${result.migrationsApplied.join(', ')}` : ''),
  );
}

/** `casedesk verify-backup DIR`: checksums, then a restore into a scratch place and its counts against the manifest. */
export async function verifyBackupCommand(dir: string): Promise<void> {
  const { database } = loadConfig();
  const { manifest, problems } = await verifyBackup(dir, database.kind === 'postgres' ? { postgresServerUrl: database.url } : {});
  if (problems.length > 0) {
    for (const problem of problems) console.log(`differs: ${problem}`);
    throw new BackupError(`the backup in ${dir} failed verification (${problems.length} problem(s))`);
  }
  console.log(
    `OK: ${Object.keys(manifest!.files).length} files match their checksums; a restore holds the manifest's rows in ${Object.keys(manifest!.tables).length} tables`,
  );
}
