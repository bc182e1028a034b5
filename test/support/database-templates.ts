import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { sql } from 'kysely';
import { openStorage, type DatabaseTarget } from '../../src/storage/db.js';
import { migrateToLatest } from '../../src/storage/migrate.js';

/**
 * The migrated templates of one test run, which `createTestDatabase(…, { migrated: true })` copies: migrating a
 * database from scratch (62 migrations) took 0.8–1.1 s on SQLite and 1.5 s on PostgreSQL, for each of hundreds of test
 * apps; a copy takes milliseconds. Built once per `vitest run` by test/support/global-setup.ts, which hands them to
 * the workers with vitest's `provide`.
 */
export interface TestTemplates {
  /** A migrated SQLite file, checkpointed (no write-ahead log left beside it). */
  sqliteFile: string;
  /** PostgreSQL only: the migrated template database, and the prefix of every database this run creates. */
  postgres: { template: string; prefix: string } | null;
}

declare module 'vitest' {
  export interface ProvidedContext {
    casedeskTestTemplates: TestTemplates;
  }
}

/** The longest database name PostgreSQL keeps whole is 63 bytes; a run's prefix leaves room for a suffix. */
const PREFIX_BASE_LENGTH = 40;

/**
 * The prefix of every database a test run creates in the cluster: the test database's name (so CI, whose test
 * database name is unique, can drop everything a run left with one pattern) and a random part for this run.
 */
export function runPrefix(testDatabaseUrl: string): string {
  const base = decodeURIComponent(new URL(testDatabaseUrl).pathname.slice(1)).slice(0, PREFIX_BASE_LENGTH);
  return `${base}_${randomBytes(3).toString('hex')}`;
}

/** PostgreSQL's quoting of an identifier (the test database's name may hold a dash). */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** The URL of another database of the cluster `url` points at. */
export function databaseUrl(url: string, database: string): string {
  const other = new URL(url);
  other.pathname = `/${encodeURIComponent(database)}`;
  return other.toString();
}

/** Runs statements one by one on a connection of their own to the test database (CREATE DATABASE needs no transaction). */
export async function adminQuery<Row extends pg.QueryResultRow = pg.QueryResultRow>(
  testDatabaseUrl: string,
  ...statements: [string, unknown[]?][]
): Promise<Row[]> {
  const client = new pg.Client({ connectionString: testDatabaseUrl });
  await client.connect();
  try {
    let rows: Row[] = [];
    for (const [statement, values] of statements) rows = (await client.query<Row>(statement, values)).rows;
    return rows;
  } finally {
    await client.end();
  }
}

async function migrate(target: DatabaseTarget): Promise<void> {
  const storage = openStorage(target);
  try {
    await migrateToLatest(storage);
    // SQLite: everything into the database file, so a plain copy of the file is the whole database.
    if (target.kind === 'sqlite') await sql`pragma wal_checkpoint(TRUNCATE)`.execute(storage.db);
  } finally {
    await storage.close();
  }
}

/** Migrates the templates of this run: a SQLite file, and a PostgreSQL database when `testDatabaseUrl` is set. */
export async function buildTemplates(testDatabaseUrl: string | undefined): Promise<TestTemplates> {
  const sqliteFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'casedesk-template-')), 'casedesk.sqlite');
  const migrations: Promise<void>[] = [migrate({ kind: 'sqlite', file: sqliteFile })];
  let postgres: TestTemplates['postgres'] = null;
  if (testDatabaseUrl) {
    const prefix = runPrefix(testDatabaseUrl);
    const template = `${prefix}_template`;
    await adminQuery(testDatabaseUrl, [`CREATE DATABASE ${quoteIdentifier(template)}`]);
    postgres = { template, prefix };
    migrations.push(
      migrate({ kind: 'postgres', url: databaseUrl(testDatabaseUrl, template) }).then(async () => {
        // Nobody connects to the template again: a session on it would make every copy fail.
        await adminQuery(testDatabaseUrl, [`ALTER DATABASE ${quoteIdentifier(template)} WITH ALLOW_CONNECTIONS false`]);
      }),
    );
  }
  const results = await Promise.allSettled(migrations);
  const templates = { sqliteFile, postgres };
  const failed = results.find((result) => result.status === 'rejected');
  if (failed) {
    await dropTemplates(templates, testDatabaseUrl);
    throw failed.reason;
  }
  const wal = `${sqliteFile}-wal`;
  if (fs.existsSync(wal) && fs.statSync(wal).size > 0) throw new Error(`the SQLite template left a write-ahead log: ${wal}`);
  return templates;
}

/**
 * Drops the templates and every database of the run still in the cluster (a failed test may not have dropped its
 * own), so a run leaves nothing behind whether its tests passed or not.
 */
export async function dropTemplates(templates: TestTemplates, testDatabaseUrl: string | undefined): Promise<void> {
  fs.rmSync(path.dirname(templates.sqliteFile), { recursive: true, force: true });
  if (!templates.postgres || !testDatabaseUrl) return;
  const left = await adminQuery<{ name: string }>(testDatabaseUrl, [
    'select datname as name from pg_database where starts_with(datname, $1)',
    [`${templates.postgres.prefix}_`],
  ]);
  // A test's own drop may still be running (it is not waited for): that one is left to finish.
  const dropping = left.map(({ name }) =>
    adminQuery(testDatabaseUrl, [`DROP DATABASE IF EXISTS ${quoteIdentifier(name)} WITH (FORCE)`]).catch(() => undefined),
  );
  await Promise.all(dropping);
  const still = await adminQuery<{ name: string }>(testDatabaseUrl, [
    'select datname as name from pg_database where starts_with(datname, $1)',
    [`${templates.postgres.prefix}_`],
  ]);
  if (still.length > 0) throw new Error(`test databases left in the cluster: ${still.map((row) => row.name).join(', ')}`);
}
