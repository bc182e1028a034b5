import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { Worker } from 'node:worker_threads';
import { SqliteDatabase, sqliteDriverPath } from './sqlite-driver.js';
import type pg from 'pg';
import type { DatabaseTarget } from './db.js';

/**
 * Copies of a whole CaseDesk database for backups, taken while CaseDesk keeps writing, and put back into an empty
 * place. The tools differ per database; what callers get back is the same: the copy's row counts, its last
 * migration and the uploaded files its records name whose bytes are not inside the copy itself.
 *
 * - **SQLite**: SQLite's online backup API copies every page in one step, so the copy is one read transaction's
 *   view (WAL lets the server keep committing meanwhile). The copy is then switched out of WAL mode, so it is one
 *   self-contained file.
 * - **PostgreSQL**: a read-only repeatable-read transaction exports its snapshot, `pg_dump` (custom format, CaseDesk's
 *   schema only) dumps exactly that snapshot, and the counts are read in the same transaction, so they describe the
 *   dump row for row. Extensions live outside the schema (pg_trgm in `public`), so they are listed to be created again.
 */

const run = promisify(execFile);
const TOOL_OUTPUT_LIMIT = 64 * 1024 * 1024;

export const SQLITE_COPY_FILE = 'casedesk.sqlite';
export const POSTGRES_DUMP_FILE = 'casedesk.dump';

export interface SnapshotFacts {
  /** The dump's schema on PostgreSQL; null on SQLite. */
  schema: string | null;
  /** Extensions the schema's objects may use (PostgreSQL), created again before a restore. */
  extensions: { name: string; schema: string }[];
  lastMigration: string | null;
  tables: Record<string, number>;
}

export interface DatabaseSnapshot extends SnapshotFacts {
  /** The file written into the folder: `casedesk.sqlite` or `casedesk.dump`. */
  file: string;
  /** File-store keys the copy's records name whose bytes are kept in the data folder, not in the database. */
  folderFileKeys: string[];
}

/** Writes a consistent copy of the database into `dir` (which exists) and describes it. */
export async function snapshotDatabase(target: DatabaseTarget, dir: string): Promise<DatabaseSnapshot> {
  return target.kind === 'sqlite' ? snapshotSqlite(target.file, dir) : snapshotPostgres(target, dir);
}

/** Tables whose rows a SQLite copy's manifest counts. Virtual tables (the FTS index) are left out: their own shadow tables hold and count their rows. */
const SQLITE_COUNTED_TABLES = `select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and coalesce(sql, '') not like 'CREATE VIRTUAL TABLE%' order by name`;
const SQLITE_LAST_MIGRATION = 'select max(name) as name from kysely_migration';
/** Per table: the file-store keys its rows name, kept in the data folder rather than in the database. */
const SQLITE_FOLDER_FILE_KEYS: Record<string, string> = {
  case_attachments: 'select storage_key as key from case_attachments',
  project_attachments: `select 'project-attachments/' || stored_name as key from project_attachments`,
};

/**
 * The whole SQLite snapshot, in a worker thread with its own connections: the page copy is one online-backup step
 * for all pages, so the copy is a single read transaction's view of the database; then the copy is switched out of
 * WAL mode, its rows counted and its file keys read. Each of these takes seconds on a large database, and a
 * scheduled backup runs inside the server, so none of them may hold up its event loop. Plain JavaScript, evaluated
 * by the worker, so it runs the same from the built files and from the TypeScript sources under the tests; the SQL
 * comes in as worker data, the same text `sqliteFacts` runs.
 */
const SQLITE_SNAPSHOT_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driverPath);
const sql = workerData.sql;
const quoted = (name) => '"' + name.replace(/"/g, '""') + '"';

function describeCopy() {
  const copy = new Database(workerData.copyFile, { fileMustExist: true });
  try {
    copy.pragma('journal_mode = DELETE');
    const names = copy.prepare(sql.countedTables).all().map((row) => row.name);
    const tables = {};
    for (const name of names) tables[name] = copy.prepare('select count(*) as count from ' + quoted(name)).get().count;
    const lastMigration = names.includes('kysely_migration') ? (copy.prepare(sql.lastMigration).get().name ?? null) : null;
    const folderFileKeys = [];
    for (const [table, query] of Object.entries(sql.folderFileKeys)) {
      if (names.includes(table)) for (const row of copy.prepare(query).all()) folderFileKeys.push(row.key);
    }
    return { lastMigration, tables, folderFileKeys };
  } finally {
    copy.close();
  }
}

const source = new Database(workerData.file, { fileMustExist: true });
source.pragma('busy_timeout = 5000');
source
  .backup(workerData.copyFile, { progress: () => 0x7fffffff })
  .finally(() => source.close())
  .then(describeCopy)
  .then(
    (copy) => ({ ok: true, copy }),
    (error) => ({ ok: false, message: error instanceof Error ? error.message : String(error) }),
  )
  .then((outcome) => parentPort.postMessage(outcome));
`;

interface DescribedCopy {
  lastMigration: string | null;
  tables: Record<string, number>;
  folderFileKeys: string[];
}

type WorkerOutcome = { ok: true; copy: DescribedCopy } | { ok: false; message: string };

function snapshotSqliteInWorker(file: string, copyFile: string): Promise<DescribedCopy> {
  return new Promise((resolve, reject) => {
    const sql = { countedTables: SQLITE_COUNTED_TABLES, lastMigration: SQLITE_LAST_MIGRATION, folderFileKeys: SQLITE_FOLDER_FILE_KEYS };
    const worker = new Worker(SQLITE_SNAPSHOT_WORKER, { eval: true, workerData: { driverPath: sqliteDriverPath, file, copyFile, sql } });
    let settled = false;
    worker.once('message', (outcome: WorkerOutcome) => {
      settled = true;
      if (outcome.ok) resolve(outcome.copy);
      else reject(new Error(`the SQLite backup failed: ${outcome.message}`));
    });
    worker.once('error', (error) => {
      settled = true;
      reject(error);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`the SQLite backup worker stopped (exit code ${code}) before the copy was done`));
    });
  });
}

async function snapshotSqlite(file: string, dir: string): Promise<DatabaseSnapshot> {
  if (!fs.existsSync(file)) throw new Error(`there is no CaseDesk database at ${file}`);
  const { folderFileKeys, ...facts } = await snapshotSqliteInWorker(file, path.join(dir, SQLITE_COPY_FILE));
  return { schema: null, extensions: [], ...facts, file: SQLITE_COPY_FILE, folderFileKeys };
}

/** The same counts as the snapshot worker's, read on the calling thread (a restored copy, checked by the CLI). */
function sqliteFacts(database: SqliteDatabase): SnapshotFacts {
  const names = database
    .prepare<[], { name: string }>(SQLITE_COUNTED_TABLES)
    .all()
    .map((row) => row.name);
  const tables: Record<string, number> = {};
  for (const name of names) {
    tables[name] = database.prepare<[], { count: number }>(`select count(*) as count from ${quoted(name)}`).get()!.count;
  }
  const lastMigration = names.includes('kysely_migration')
    ? (database.prepare<[], { name: string | null }>(SQLITE_LAST_MIGRATION).get()?.name ?? null)
    : null;
  return { schema: null, extensions: [], lastMigration, tables };
}

/** Counts and last migration of a SQLite copy (after a restore, say), read-only. */
export function sqliteCopyFacts(file: string): SnapshotFacts & { integrity: string } {
  const database = new SqliteDatabase(file, { readonly: true, fileMustExist: true });
  try {
    const integrity = database.pragma('quick_check', { simple: true }) as string;
    return { ...sqliteFacts(database), integrity };
  } finally {
    database.close();
  }
}

const quoted = (name: string) => `"${name.replace(/"/g, '""')}"`;

async function connect(url: string, schema?: string): Promise<pg.Client> {
  const { default: postgres } = await import('pg');
  const client = new postgres.Client({ connectionString: url, ...(schema ? { options: `-c search_path=${schema}` } : {}) });
  await client.connect();
  return client;
}

/** The schema CaseDesk works in on this connection: the first of its search path, even before it exists. */
async function workingSchema(client: pg.Client): Promise<string> {
  const current = (await client.query<{ schema: string | null }>('select current_schema() as schema')).rows[0]?.schema;
  if (current) return current;
  const first = (await client.query<{ path: string }>(`select current_setting('search_path') as path`)).rows[0]?.path.split(',')[0]?.trim();
  if (!first) throw new Error('the PostgreSQL connection names no schema to work in (search_path is empty)');
  if (first === '"$user"') return (await client.query<{ user: string }>('select current_user as user')).rows[0]!.user;
  return first.replace(/^"(.*)"$/, '$1').replace(/""/g, '"');
}

async function postgresFacts(client: pg.Client, schema: string): Promise<SnapshotFacts> {
  const names = (
    await client.query<{ name: string }>(
      `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = $1 and c.relkind in ('r', 'p') order by c.relname`,
      [schema],
    )
  ).rows.map((row) => row.name);
  const tables: Record<string, number> = {};
  for (const name of names) {
    tables[name] = Number(
      (await client.query<{ count: string }>(`select count(*) as count from ${quoted(schema)}.${quoted(name)}`)).rows[0]!.count,
    );
  }
  const lastMigration = names.includes('kysely_migration')
    ? ((await client.query<{ name: string | null }>(`select max(name) as name from ${quoted(schema)}.kysely_migration`)).rows[0]?.name ??
      null)
    : null;
  const extensions = (
    await client.query<{ name: string; schema: string }>(
      `select e.extname as name, n.nspname as schema from pg_extension e join pg_namespace n on n.oid = e.extnamespace
       where e.extname <> 'plpgsql' order by e.extname`,
    )
  ).rows;
  return { schema, extensions, lastMigration, tables };
}

async function snapshotPostgres(target: Extract<DatabaseTarget, { kind: 'postgres' }>, dir: string): Promise<DatabaseSnapshot> {
  const client = await connect(target.url, target.schema);
  try {
    const schema = await workingSchema(client);
    await client.query('begin isolation level repeatable read read only');
    const snapshot = (await client.query<{ id: string }>('select pg_export_snapshot() as id')).rows[0]!.id;
    // pg_dump reads the exported snapshot while this transaction keeps it alive; the counts below see the same rows.
    const dumped = dumpSchema(target.url, schema, path.join(dir, POSTGRES_DUMP_FILE), [`--snapshot=${snapshot}`]);
    // Both are awaited before anything throws, so pg_dump never outlives the transaction that holds its snapshot.
    const [dump, facts] = await Promise.allSettled([dumped, postgresFacts(client, schema)]);
    const folderFileKeys = facts.status === 'fulfilled' ? await postgresFolderFileKeys(client, schema, facts.value.tables) : [];
    await client.query('commit');
    if (dump.status === 'rejected') throw dump.reason;
    if (facts.status === 'rejected') throw facts.reason;
    return { ...facts.value, file: POSTGRES_DUMP_FILE, folderFileKeys };
  } finally {
    await client.end();
  }
}

async function dumpSchema(url: string, schema: string, file: string, options: string[]): Promise<void> {
  await run('pg_dump', ['--format=custom', ...options, `--schema=${quoted(schema)}`, `--file=${file}`, `--dbname=${url}`], {
    maxBuffer: TOOL_OUTPUT_LIMIT,
  }).catch((error: unknown) => {
    throw new Error(`pg_dump failed: ${toolError(error)}`);
  });
}

/** Attachments whose bytes are not in `stored_files` yet: kept in the data folder before migration 0022. */
async function postgresFolderFileKeys(client: pg.Client, schema: string, tables: Record<string, number>): Promise<string[]> {
  if (!('stored_files' in tables)) return [];
  const s = quoted(schema);
  const parts: string[] = [];
  if ('case_attachments' in tables) parts.push(`select storage_key as key from ${s}.case_attachments`);
  if ('project_attachments' in tables) parts.push(`select 'project-attachments/' || stored_name as key from ${s}.project_attachments`);
  if (parts.length === 0) return [];
  const { rows } = await client.query<{ key: string }>(
    `select key from (${parts.join(' union all ')}) named where not exists (select 1 from ${s}.stored_files f where f.key = named.key)`,
  );
  return rows.map((row) => row.key);
}

function toolError(reason: unknown): string {
  const stderr = (reason as { stderr?: unknown }).stderr;
  if (typeof stderr === 'string' && stderr.trim()) return stderr.trim();
  return reason instanceof Error ? reason.message : String(reason);
}

/** What a restore target already holds; empty when there is nothing CaseDesk would overwrite. */
export async function targetContents(target: DatabaseTarget): Promise<string[]> {
  if (target.kind === 'sqlite') {
    return [target.file, `${target.file}-wal`, `${target.file}-journal`].filter((file) => fs.existsSync(file));
  }
  const client = await connect(target.url, target.schema);
  try {
    const schema = await workingSchema(client);
    return await relationsIn(client, schema);
  } finally {
    await client.end();
  }
}

async function relationsIn(client: pg.Client, schema: string): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    `select n.nspname || '.' || c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = $1 and c.relkind in ('r', 'p', 'v', 'm', 'S', 'f') order by c.relname`,
    [schema],
  );
  return rows.map((row) => row.name);
}

export interface RestoreSource {
  /** The folder holding the snapshot's file. */
  dir: string;
  file: string;
  facts: SnapshotFacts;
}

/**
 * Puts a snapshot back into `target`. The caller has checked that the target is empty, or passes `replace` to drop
 * what it holds first (only CaseDesk's tables, views, sequences and functions: never an extension others use).
 */
export async function restoreDatabase(target: DatabaseTarget, source: RestoreSource, options: { replace: boolean }): Promise<void> {
  if (target.kind === 'sqlite') {
    if (options.replace) for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(`${target.file}${suffix}`, { force: true });
    fs.mkdirSync(path.dirname(target.file), { recursive: true });
    fs.copyFileSync(path.join(source.dir, source.file), target.file, fs.constants.COPYFILE_EXCL);
    return;
  }
  const client = await connect(target.url, target.schema);
  try {
    const schema = await workingSchema(client);
    await restorePostgres(client, target.url, schema, source, options.replace);
  } finally {
    await client.end();
  }
}

/** `pg_restore --list` lines of the schema itself and its comment: `5; 2615 2200 SCHEMA - public pg_database_owner`. */
const SCHEMA_ENTRY = /^\d+;\s*\d+\s+\d+\s+(SCHEMA\s+-\s|COMMENT\s+-\s+SCHEMA\s)/;

async function restorePostgres(client: pg.Client, url: string, schema: string, source: RestoreSource, replace: boolean): Promise<void> {
  const dumped = source.facts.schema;
  if (!dumped) throw new Error('this backup holds no PostgreSQL schema');
  if (replace) await emptySchema(client, schema);
  const left = await relationsIn(client, schema);
  if (left.length > 0) throw new Error(`the schema "${schema}" is not empty (${left.slice(0, 5).join(', ')}…)`);
  if (dumped !== schema && (await schemaExists(client, dumped))) {
    // pg_restore creates the dump's own schema name, and that one is taken here: the dump is restored into a scratch
    // database, renamed there, and dumped again under the target's name.
    await withScratchPostgresDatabase(url, async (scratchUrl) => {
      const scratch = await connect(scratchUrl);
      try {
        await restorePostgres(scratch, scratchUrl, schema, source, false);
      } finally {
        await scratch.end();
      }
      const renamed = {
        dir: fs.mkdtempSync(path.join(source.dir, '.renamed-')),
        file: POSTGRES_DUMP_FILE,
        facts: { ...source.facts, schema },
      };
      try {
        await dumpSchema(scratchUrl, schema, path.join(renamed.dir, renamed.file), []);
        await restorePostgres(client, url, schema, renamed, false);
      } finally {
        fs.rmSync(renamed.dir, { recursive: true, force: true });
      }
    });
    return;
  }
  for (const extension of source.facts.extensions) {
    await client.query(`create schema if not exists ${quoted(extension.schema)}`);
    await client.query(`create extension if not exists ${quoted(extension.name)} schema ${quoted(extension.schema)}`);
  }
  await client.query(`create schema if not exists ${quoted(dumped)}`);
  // The dump's own CREATE SCHEMA is left out: the schema exists now (public always does).
  const file = path.join(source.dir, source.file);
  const { stdout: contents } = await run('pg_restore', ['--list', file], { maxBuffer: TOOL_OUTPUT_LIMIT });
  const listFile = path.join(fs.mkdtempSync(path.join(path.dirname(file), '.restore-')), 'list');
  const list = path.dirname(listFile);
  try {
    fs.writeFileSync(
      listFile,
      contents
        .split('\n')
        .filter((line) => !SCHEMA_ENTRY.test(line))
        .join('\n'),
    );
    await run(
      'pg_restore',
      ['--no-owner', '--no-acl', '--single-transaction', '--exit-on-error', `--use-list=${listFile}`, `--dbname=${url}`, file],
      { maxBuffer: TOOL_OUTPUT_LIMIT },
    ).catch((error: unknown) => {
      throw new Error(`pg_restore failed: ${toolError(error)}`);
    });
  } finally {
    fs.rmSync(list, { recursive: true, force: true });
  }
  if (dumped !== schema) {
    // Restored under the backup's name, then given the target's (an empty schema: nothing is lost by dropping it).
    await client.query(`drop schema if exists ${quoted(schema)}`);
    await client.query(`alter schema ${quoted(dumped)} rename to ${quoted(schema)}`);
  }
}

async function schemaExists(client: pg.Client, schema: string): Promise<boolean> {
  return (await client.query('select 1 from pg_namespace where nspname = $1', [schema])).rowCount! > 0;
}

/** Drops CaseDesk's objects from `schema`, leaving extensions (pg_trgm in public, used by other schemas too) alone. */
async function emptySchema(client: pg.Client, schema: string): Promise<void> {
  await client.query('begin');
  try {
    const { rows } = await client.query<{ statement: string }>(
      `select format('drop table if exists %I.%I cascade', n.nspname, c.relname) as statement
         from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = $1 and c.relkind in ('r', 'p', 'f') and not ${extensionMember('pg_class', 'c.oid')}
       union all
       select format('drop view if exists %I.%I cascade', n.nspname, c.relname)
         from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = $1 and c.relkind = 'v' and not ${extensionMember('pg_class', 'c.oid')}
       union all
       select format('drop sequence if exists %I.%I cascade', n.nspname, c.relname)
         from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = $1 and c.relkind = 'S' and not ${extensionMember('pg_class', 'c.oid')}
       union all
       select format('drop function if exists %s cascade', p.oid::regprocedure)
         from pg_proc p join pg_namespace n on n.oid = p.pronamespace
        where n.nspname = $1 and not ${extensionMember('pg_proc', 'p.oid')}`,
      [schema],
    );
    for (const row of rows) await client.query(row.statement);
    await client.query('commit');
  } catch (error) {
    await client.query('rollback');
    throw error;
  }
}

const extensionMember = (catalog: string, oid: string) =>
  `exists (select 1 from pg_depend d where d.classid = '${catalog}'::regclass and d.objid = ${oid} and d.deptype = 'e')`;

/** Counts and last migration of a restored PostgreSQL schema. */
export async function postgresCopyFacts(url: string, schema: string): Promise<SnapshotFacts> {
  const client = await connect(url);
  try {
    return await postgresFacts(client, schema);
  } finally {
    await client.end();
  }
}

/**
 * Runs `work` with a new, empty database on the server `url` points at (to restore a backup into for checking, or
 * to rename its schema in), and drops it afterwards. The role needs the CREATEDB privilege.
 */
export async function withScratchPostgresDatabase<T>(url: string, work: (scratchUrl: string) => Promise<T>): Promise<T> {
  const name = `casedesk_scratch_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const client = await connect(url);
  try {
    try {
      await client.query(`create database ${quoted(name)}`);
    } catch (error) {
      throw new Error(`could not create a scratch database to restore into (${(error as Error).message}); the role needs CREATEDB`);
    }
    const scratch = new URL(url);
    scratch.pathname = `/${name}`;
    // The scratch database's schema is the backup's own, whatever search path the configured URL names.
    scratch.searchParams.delete('options');
    try {
      return await work(scratch.toString());
    } finally {
      await client.query(`drop database if exists ${quoted(name)} with (force)`);
    }
  } finally {
    await client.end();
  }
}
