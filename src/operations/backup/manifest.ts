import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { RestoreSource } from '../../storage/database-snapshot.js';
import { checksumsOf } from './file-checksums.js';

/** What a backup folder holds, written last: a folder without it is an unfinished backup. */
export const MANIFEST_FILE = 'manifest.json';
/** The database copy lives here, the uploaded files under `files/` (the data folder's own layout). */
export const DATABASE_FOLDER = 'database';
export const FILES_FOLDER = 'files';

/** A path inside the backup folder: relative, `/`-separated, never climbing out of it. */
const insidePath = z
  .string()
  .min(1)
  .refine(
    (value) => !path.posix.isAbsolute(value) && !value.split('/').some((part) => part === '..' || part === ''),
    'must stay inside the backup',
  );

const manifestSchema = z.object({
  format: z.literal('casedesk-backup'),
  formatVersion: z.literal(1),
  casedeskVersion: z.string(),
  createdAt: z.string(),
  database: z.object({
    kind: z.enum(['sqlite', 'postgres']),
    /** The copy, e.g. `database/casedesk.sqlite` or `database/casedesk.dump` (pg_dump's custom format). */
    file: insidePath,
    schema: z.string().nullable(),
    extensions: z.array(z.object({ name: z.string(), schema: z.string() })),
  }),
  lastMigration: z.string().nullable(),
  tables: z.record(z.string(), z.number().int().nonnegative()),
  files: z.record(insidePath, z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/), bytes: z.number().int().nonnegative() })),
  /** Files the database names that were not in the data folder (lost before the backup ran). */
  missingFiles: z.array(z.string()).default([]),
});

export type Manifest = z.infer<typeof manifestSchema>;

/** A backup folder that cannot be used, or a target that must not be written; the message says which and why. */
export class BackupError extends Error {}

export function readManifest(dir: string): Manifest {
  const file = path.join(dir, MANIFEST_FILE);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new BackupError(`${dir} is not a CaseDesk backup: it has no ${MANIFEST_FILE} (an unfinished backup has none)`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new BackupError(`${file} is not JSON`);
  }
  const result = manifestSchema.safeParse(parsed);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new BackupError(`${file} is not a CaseDesk backup manifest: ${issue.path.join('.') || 'the file'} ${issue.message}`);
  }
  return result.data;
}

export function writeManifest(dir: string, manifest: Manifest): void {
  const temporary = path.join(dir, `.${MANIFEST_FILE}.partial`);
  fs.writeFileSync(temporary, `${JSON.stringify(manifest, null, 2)}\n`);
  fs.renameSync(temporary, path.join(dir, MANIFEST_FILE));
}

/** Every regular file under `dir`, as `/`-separated paths relative to it. */
export function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .sort();
}

/** Checksums and sizes of the backup's files, for the manifest (hashed in a worker thread: `file-checksums.ts`). */
export async function describeFiles(dir: string): Promise<Manifest['files']> {
  const names = filesUnder(dir).filter((entry) => entry !== MANIFEST_FILE);
  const sums = await checksumsOf(names.map((name) => path.join(dir, name)));
  return Object.fromEntries(names.map((name, index) => [name, sums[index]!]));
}

/** What differs between the backup folder and its manifest: missing, changed or unlisted files. */
export async function checkFiles(dir: string, manifest: Manifest): Promise<string[]> {
  const problems: string[] = [];
  const present: [string, Manifest['files'][string]][] = [];
  for (const [name, expected] of Object.entries(manifest.files)) {
    if (fs.existsSync(path.join(dir, name))) present.push([name, expected]);
    else problems.push(`${name}: missing`);
  }
  const sums = await checksumsOf(present.map(([name]) => path.join(dir, name)));
  present.forEach(([name, expected], index) => {
    const { sha256 } = sums[index]!;
    if (sha256 !== expected.sha256) problems.push(`${name}: checksum ${sha256} differs from the manifest's ${expected.sha256}`);
  });
  for (const name of filesUnder(dir)) {
    if (name !== MANIFEST_FILE && !(name in manifest.files)) problems.push(`${name}: not listed in the manifest`);
  }
  return problems;
}

/** Differences between the manifest's row counts and last migration and those of a restored copy. */
export function compareCounts(manifest: Manifest, restored: { tables: Record<string, number>; lastMigration: string | null }): string[] {
  const problems: string[] = [];
  for (const [table, count] of Object.entries(manifest.tables)) {
    const found = restored.tables[table];
    if (found === undefined) problems.push(`table ${table}: missing after the restore (manifest: ${count} rows)`);
    else if (found !== count) problems.push(`table ${table}: ${found} rows after the restore, the manifest says ${count}`);
  }
  for (const table of Object.keys(restored.tables)) {
    if (!(table in manifest.tables)) problems.push(`table ${table}: restored but not in the manifest`);
  }
  if (restored.lastMigration !== manifest.lastMigration) {
    problems.push(
      `last migration: ${restored.lastMigration ?? 'none'} after the restore, the manifest says ${manifest.lastMigration ?? 'none'}`,
    );
  }
  return problems;
}

/** CaseDesk's version from package.json (two folders up from src/operations/backup and from dist/operations/backup). */
export function casedeskVersion(): string {
  const file = new URL('../../../package.json', import.meta.url);
  const parsed = z.object({ version: z.string() }).safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
  return parsed.success ? parsed.data.version : 'unknown';
}

/** The backup's database copy, as the storage layer restores it. */
export function restoreSourceOf(dir: string, manifest: Manifest): RestoreSource {
  const file = path.join(dir, manifest.database.file);
  const { schema, extensions } = manifest.database;
  return {
    dir: path.dirname(file),
    file: path.basename(file),
    facts: { schema, extensions, lastMigration: manifest.lastMigration, tables: manifest.tables },
  };
}
