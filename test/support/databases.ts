import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe } from 'vitest';
import { openStorage, type DatabaseTarget, type Storage } from '../../src/storage/db.js';
import { migrateToLatest } from '../../src/storage/migrate.js';

export type TestDatabaseName = 'sqlite' | 'postgres';

const postgresUrl = process.env.CASEDESK_TEST_DATABASE_URL;

/** A fresh, empty database of one dialect: a temp SQLite file or a private PostgreSQL schema. */
export interface TestDatabase {
  name: TestDatabaseName;
  target: DatabaseTarget;
  /** Opens (another) connection to this same database and migrates it. */
  open(): Promise<Storage>;
  drop(): Promise<void>;
}

/**
 * `ownDatabase`: on PostgreSQL, a database of its own in the cluster instead of a schema in the shared test database,
 * for tests that must not see the transactions other test files run in parallel (the change feed's horizon does).
 */
export async function createTestDatabase(name: TestDatabaseName, options: { ownDatabase?: boolean } = {}): Promise<TestDatabase> {
  if (name === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'casedesk-test-'));
    const target: DatabaseTarget = { kind: 'sqlite', file: path.join(dir, 'casedesk.sqlite') };
    return {
      name,
      target,
      open: () => openMigrated(target),
      drop: async () => fs.rmSync(dir, { recursive: true, force: true }),
    };
  }
  if (!postgresUrl) throw new Error('CASEDESK_TEST_DATABASE_URL is not set');
  if (options.ownDatabase) {
    const databaseName = `casedesk_t_${randomBytes(6).toString('hex')}`;
    await adminQuery(`CREATE DATABASE ${databaseName}`);
    const url = new URL(postgresUrl);
    url.pathname = `/${databaseName}`;
    const target: DatabaseTarget = { kind: 'postgres', url: url.toString() };
    return {
      name,
      target,
      open: () => openMigrated(target),
      drop: () => adminQuery(`DROP DATABASE ${databaseName} WITH (FORCE)`),
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
  const client = new pg.Client({ connectionString: postgresUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
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
 * the API and storage suites, so a browser suite runs on SQLite, and on PostgreSQL as well only where the page leans
 * on a path the two dialects write differently (`postgresBecause` says which). This keeps CI within its time while
 * each dialect-specific page is still clicked through on both.
 */
export function describeBrowserSuite(title: string, postgresBecause: string | null, suite: (database: TestDatabaseName) => void): void {
  describe(`${title} [sqlite]`, () => suite('sqlite'));
  if (postgresBecause !== null) describe.skipIf(!postgresUrl)(`${title} [postgres]`, () => suite('postgres'));
}
