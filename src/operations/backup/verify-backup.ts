import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  postgresCopyFacts,
  restoreDatabase,
  sqliteCopyFacts,
  withScratchPostgresDatabase,
  type SnapshotFacts,
} from '../../storage/database-snapshot.js';
import { BackupError, checkFiles, compareCounts, readManifest, restoreSourceOf, type Manifest } from './manifest.js';

export interface Verification {
  manifest: Manifest | null;
  /** Empty when the backup is sound. */
  problems: string[];
}

/**
 * Checks a backup: every file against the manifest's checksum, then a restore into a scratch place (a temporary
 * folder for SQLite; a temporary database on the PostgreSQL server `postgresServerUrl` points at) whose row counts
 * and last migration must be the manifest's.
 */
export async function verifyBackup(from: string, options: { postgresServerUrl?: string }): Promise<Verification> {
  const dir = path.resolve(from);
  let manifest: Manifest;
  try {
    manifest = readManifest(dir);
  } catch (error) {
    if (error instanceof BackupError) return { manifest: null, problems: [error.message] };
    throw error;
  }
  const problems = await checkFiles(dir, manifest);
  try {
    problems.push(...compareCounts(manifest, await restoredFacts(dir, manifest, options.postgresServerUrl)));
  } catch (error) {
    problems.push(`the restore into a scratch place failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  return { manifest, problems };
}

async function restoredFacts(dir: string, manifest: Manifest, postgresServerUrl: string | undefined): Promise<SnapshotFacts> {
  const source = restoreSourceOf(dir, manifest);
  if (manifest.database.kind === 'sqlite') {
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'casedesk-verify-'));
    try {
      const file = path.join(scratch, 'casedesk.sqlite');
      await restoreDatabase({ kind: 'sqlite', file }, source, { replace: false });
      const { integrity, ...facts } = sqliteCopyFacts(file);
      if (integrity !== 'ok') throw new Error(`the restored SQLite database is damaged: ${integrity}`);
      return facts;
    } finally {
      fs.rmSync(scratch, { recursive: true, force: true });
    }
  }
  const schema = manifest.database.schema;
  if (!schema) throw new Error('the manifest names no PostgreSQL schema');
  if (!postgresServerUrl) {
    throw new Error(
      'a PostgreSQL backup is restored on a PostgreSQL server: set CASEDESK_DATABASE_URL to one (a scratch database is created there)',
    );
  }
  return withScratchPostgresDatabase(postgresServerUrl, async (url) => {
    await restoreDatabase({ kind: 'postgres', url, schema }, source, { replace: false });
    return postgresCopyFacts(url, schema);
  });
}
