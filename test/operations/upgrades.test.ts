import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openStorage, type Storage } from '../../src/storage/db.js';
import { migrateTo, pendingMigrations } from '../../src/storage/migrate.js';
import { createTestDatabase, describeOnEachDatabase, type TestDatabase } from '../support/databases.js';
import { buildServerIfStale, compiledCli, databaseEnvironment, freePort, repoRoot } from '../support/server-process.js';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `npx casedesk …` as an operator runs it: the built command, its own process, configured by the environment. */
function casedesk(database: TestDatabase, dataDir: string, extra: Record<string, string>, ...argv: string[]): Promise<Run> {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    CASEDESK_DATA_DIR: dataDir,
    CASEDESK_LOG_LEVEL: 'warn',
    ...databaseEnvironment(database.target),
    ...extra,
  };
  return new Promise((resolve) => {
    execFile(process.execPath, [compiledCli, ...argv], { cwd: repoRoot, env, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** What the database records as run: the whole migration table, so "nothing changed" can be compared exactly. */
async function recordedMigrations(storage: Storage): Promise<string[]> {
  const rows = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(storage.db);
  return rows.rows.map((row) => row.name);
}

/** The migration names of `migrate --dry-run`'s list (each line `  <name>: <what it changes>`). */
function migrationNames(stdout: string): string[] {
  return [...stdout.matchAll(/^ {2}(\d{4}-[a-z0-9-]+):/gm)].map((match) => match[1]!);
}

const FUTURE_MIGRATION = '0999-written-by-a-later-release';

describeOnEachDatabase('upgrading: migrate --dry-run, migrate, and a database newer than the code', (name) => {
  let database: TestDatabase;
  let storage: Storage;
  let dataDir: string;

  beforeAll(async () => {
    buildServerIfStale();
    database = await createTestDatabase(name);
    // On SQLite the database lives in the data folder; on PostgreSQL the data folder holds the files alone.
    dataDir =
      database.target.kind === 'sqlite' ? path.dirname(database.target.file) : fs.mkdtempSync(path.join(os.tmpdir(), 'casedesk-upgrade-'));
    storage = openStorage(database.target);
    // Building the command first may take minutes on a loaded machine.
  }, 600_000);
  afterAll(async () => {
    await storage?.close();
    await database?.drop();
    if (database?.target.kind === 'postgres' && dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('on an empty database, --dry-run lists every migration in order and creates nothing', async () => {
    const all = await pendingMigrations(storage);
    const run = await casedesk(database, dataDir, {}, 'migrate', '--dry-run');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toBe(`would apply ${all.length} migration(s), in this order:`);
    expect(migrationNames(run.stdout)).toEqual(all);
    // Each says what it changes; on an empty database no table has rows to go through yet.
    for (const name of all) expect(run.stdout).toMatch(new RegExp(`^  ${name}: \\S`, 'm'));
    expect(run.stdout).not.toContain('goes through');
    expect(all[0]).toBe('0001-foundation');
    expect([...all].sort()).toEqual(all);
    // Not even the migration bookkeeping tables were made.
    const tables = await storage.db.introspection.getTables({ withInternalKyselyTables: true });
    expect(
      tables.filter((table) => database.target.kind === 'sqlite' || table.schema === (database.target as { schema?: string }).schema),
    ).toEqual([]);
  });

  it('part-way upgraded: --dry-run names what is left, changes nothing; migrate applies exactly that', async () => {
    await migrateTo(storage, '0010-outbox-claims');
    expect((await recordedMigrations(storage)).at(-1)).toBe('0010-outbox-claims');
    const left = await pendingMigrations(storage);
    expect(left[0]).toBe('0012-input-and-transport');

    // Three contacts already on record: the migrations that rewrite or index contacts say they go through them.
    // Written as the schema stood at 0010.
    await sql`insert into organizations (id, name, created_at, updated_at) values ('org-upgrade', 'Upgrade Co', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')`.execute(
      storage.db,
    );
    for (const index of [1, 2, 3]) {
      await sql`insert into contacts (id, organization_id, name, language, created_at)
                values (${`contact-${index}`}, 'org-upgrade', ${`Contact ${index}`}, 'en', '2026-01-01T00:00:00Z')`.execute(storage.db);
    }
    const before = await recordedMigrations(storage);
    const dryRun = await casedesk(database, dataDir, {}, 'migrate', '--dry-run');
    expect(dryRun.code).toBe(0);
    expect(migrationNames(dryRun.stdout)).toEqual(left);
    expect(dryRun.stdout).toMatch(/^ {2}0027-contact-email-lookup: .+\n {6}goes through contacts \(3 rows\)$/m);
    expect(dryRun.stdout).not.toContain('may take minutes');
    expect(await recordedMigrations(storage)).toEqual(before);

    const applied = await casedesk(database, dataDir, {}, 'migrate');
    expect(applied.code).toBe(0);
    expect(applied.stdout.trim()).toBe(`applied: ${left.join(', ')}`);
    expect(await pendingMigrations(storage)).toEqual([]);

    const upToDate = await casedesk(database, dataDir, {}, 'migrate', '--dry-run');
    expect(upToDate.stdout.trim()).toBe('the database is up to date');
  });

  it('a database a later release migrated: serve, migrate and --dry-run refuse with exit 3, name it, change nothing', async () => {
    // An older state plus a migration from the future: were anything applied, the table would show it.
    const newer = await createTestDatabase(name);
    const newerDir =
      newer.target.kind === 'sqlite' ? path.dirname(newer.target.file) : fs.mkdtempSync(path.join(os.tmpdir(), 'casedesk-upgrade-'));
    const newerStorage = openStorage(newer.target);
    try {
      await migrateTo(newerStorage, '0035-queues');
      await sql`insert into kysely_migration (name, timestamp) values (${FUTURE_MIGRATION}, ${new Date().toISOString()})`.execute(
        newerStorage.db,
      );
      const before = await recordedMigrations(newerStorage);
      const port = await freePort();
      const runs = [
        await casedesk(newer, newerDir, { CASEDESK_PORT: String(port), CASEDESK_HOST: '127.0.0.1' }, 'serve'),
        await casedesk(newer, newerDir, {}, 'migrate'),
        await casedesk(newer, newerDir, {}, 'migrate', '--dry-run'),
      ];
      for (const run of runs) {
        expect(run.code).toBe(3);
        expect(run.stderr).toContain(FUTURE_MIGRATION);
        expect(run.stderr).toMatch(/upgraded by a newer CaseDesk release/);
        expect(run.stderr).toMatch(/Nothing was changed\. Install that release \(or a later one\)/);
        expect(run.stdout).not.toMatch(/applied/);
      }
      expect(await recordedMigrations(newerStorage)).toEqual(before);
      expect(await pendingMigrations(newerStorage)).toContain('0036-fault-occurrences');
    } finally {
      await newerStorage.close();
      await newer.drop();
      if (newer.target.kind === 'postgres') fs.rmSync(newerDir, { recursive: true, force: true });
    }
  });
});
