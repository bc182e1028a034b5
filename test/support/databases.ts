import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { describe, inject } from 'vitest';
import { openStorage, type DatabaseTarget, type Storage } from '../../src/storage/db.js';
import { migrateToLatest } from '../../src/storage/migrate.js';
import { adminQuery as adminQueryOn, databaseUrl, quoteIdentifier, type TestTemplates } from './database-templates.js';

export type TestDatabaseName = 'sqlite' | 'postgres';

const postgresUrl = process.env.CASEDESK_TEST_DATABASE_URL;

/**
 * A fresh database of one dialect: empty (a temp SQLite file, or a private PostgreSQL schema), or with `migrated` a
 * copy of the run's migrated template (a copied SQLite file, or a PostgreSQL database of its own).
 */
export interface TestDatabase {
  name: TestDatabaseName;
  target: DatabaseTarget;
  /** Opens (another) connection to this same database, migrating it first when it is not up to date. */
  open(): Promise<Storage>;
  /** Removes it; a PostgreSQL database of its own is dropped in the background (see below). */
  drop(): Promise<void>;
}

/**
 * The templates global setup made for this run; none outside vitest (the benchmarks and the screenshot script use
 * these helpers too), where a database is migrated from empty.
 */
function templates(): TestTemplates | undefined {
  try {
    return inject('casedeskTestTemplates');
  } catch {
    return undefined;
  }
}

/**
 * An empty database by default, for tests of the migrations themselves and of the commands that migrate (their
 * `open()` migrates it from scratch).
 *
 * `migrated`: a database already at the latest schema, copied from the template global setup migrated once for the
 * run (test/support/database-templates.ts): a file copy on SQLite, `CREATE DATABASE … TEMPLATE` on PostgreSQL.
 * Migrating every test database from scratch took most of the suite's database time. The copy is what migrating an
 * empty database gives: the migrations store no per-database random values, only the time they ran.
 *
 * `ownDatabase`: on PostgreSQL, a database of its own in the cluster instead of a schema in the shared test database,
 * for tests that must not see the transactions other test files run in parallel (the change feed's horizon does).
 * A migrated copy is always a database of its own.
 */
export async function createTestDatabase(
  name: TestDatabaseName,
  options: { ownDatabase?: boolean; migrated?: boolean } = {},
): Promise<TestDatabase> {
  const run = templates();
  const template = options.migrated ? run : undefined;
  if (name === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'casedesk-test-'));
    const target: DatabaseTarget = { kind: 'sqlite', file: path.join(dir, 'casedesk.sqlite') };
    if (template) fs.copyFileSync(template.sqliteFile, target.file);
    return {
      name,
      target,
      open: () => (template ? Promise.resolve(openStorage(target)) : openMigrated(target)),
      drop: async () => fs.rmSync(dir, { recursive: true, force: true }),
    };
  }
  if (!postgresUrl) throw new Error('CASEDESK_TEST_DATABASE_URL is not set');
  const copyFrom = template?.postgres ?? undefined;
  if (copyFrom || options.ownDatabase) {
    // Named with the run's prefix, so global teardown drops it even when the test that made it failed to.
    const databaseName = `${run?.postgres?.prefix ?? 'casedesk_t'}_${randomBytes(6).toString('hex')}`;
    // PostgreSQL 15's default strategy, WAL_LOG, copies the template page by page through the write-ahead log; the
    // other, FILE_COPY, copies its files between two checkpoints, which wait for every dirty page of the cluster, and
    // was the slower with other databases busy (README, "Tests").
    await adminQuery(
      `CREATE DATABASE ${quoteIdentifier(databaseName)}${copyFrom ? ` TEMPLATE ${quoteIdentifier(copyFrom.template)}` : ''}`,
    );
    const target: DatabaseTarget = { kind: 'postgres', url: databaseUrl(postgresUrl, databaseName) };
    return {
      name,
      target,
      open: () => (copyFrom ? Promise.resolve(openStorage(target)) : openMigrated(target)),
      // DROP DATABASE waits for a checkpoint of the whole cluster (PostgreSQL 15): seconds beside busy databases, on
      // every test app. Nothing in a test needs the database gone, so the drop goes on while the next tests run, and
      // global teardown drops whatever is still there.
      drop: async () => {
        void adminQuery(`DROP DATABASE IF EXISTS ${quoteIdentifier(databaseName)} WITH (FORCE)`).catch(() => undefined);
      },
    };
  }
  const schema = `t_${randomBytes(6).toString('hex')}`;
  await adminQuery(`CREATE SCHEMA ${schema}`);
  const target: DatabaseTarget = { kind: 'postgres', url: postgresUrl, schema };
  return {
    name,
    target,
    open: () => openMigrated(target),
    drop: () => adminQuery(`DROP SCHEMA ${schema} CASCADE`),
  };
}

async function openMigrated(target: DatabaseTarget): Promise<Storage> {
  const storage = openStorage(target);
  await migrateToLatest(storage);
  return storage;
}

async function adminQuery(statement: string): Promise<void> {
  await adminQueryOn(postgresUrl!, [statement]);
}

/**
 * Declares the same suite once per database. The PostgreSQL copy is skipped (and says so in global setup) only
 * when CASEDESK_TEST_DATABASE_URL is unset; CI refuses to run without it.
 */
export function describeOnEachDatabase(title: string, suite: (database: TestDatabaseName) => void): void {
  for (const database of ['sqlite', 'postgres'] as const) {
    describe.skipIf(database === 'postgres' && !postgresUrl)(`${title} [${database}]`, () => suite(database));
  }
}

/**
 * Declares a browser suite. Browser suites drive the web app, whose every call is also tested on both databases by
 * the API and storage suites (the dialect-specific ones too: search indexes, queue keyset pages, report date
 * arithmetic, dashboard counts, erasure triggers, backups), so a browser suite runs on SQLite. Only the fresh install,
 * setup to a billed case, also runs on PostgreSQL (`postgresBecause` says why): the first run on the production
 * database, end to end. Ten more suites ran on PostgreSQL until CI's budget asked for less work (136 s of test time).
 */
export function describeBrowserSuite(title: string, postgresBecause: string | null, suite: (database: TestDatabaseName) => void): void {
  describe(`${title} [sqlite]`, () => suite('sqlite'));
  if (postgresBecause !== null) describe.skipIf(!postgresUrl)(`${title} [postgres]`, () => suite('postgres'));
}
