import { Migrator, sql, type Migration, type MigrationProvider } from 'kysely';
import type { Storage } from './db.js';
import { foundation } from './migrations/0001-foundation.js';
import { casesAndEscalation } from './migrations/0002-cases-and-escalation.js';
import { outboxAndNotifications } from './migrations/0003-outbox-and-notifications.js';
import { deliveredSystems } from './migrations/0004-delivered-systems.js';
import { serviceRecordsAndSurveys } from './migrations/0005-service-records-and-surveys.js';

/** The one ordered list of migrations, shared by both dialects. */
function migrationsFor(storage: Storage): Record<string, Migration> {
  return {
    '0001-foundation': foundation(storage.dialect),
    '0002-cases-and-escalation': casesAndEscalation(storage.dialect),
    '0003-outbox-and-notifications': outboxAndNotifications(storage.dialect),
    '0004-delivered-systems': deliveredSystems(storage.dialect),
    '0005-service-records-and-surveys': serviceRecordsAndSurveys(storage.dialect),
  };
}

async function migrator(storage: Storage): Promise<Migrator> {
  const provider: MigrationProvider = { getMigrations: async () => migrationsFor(storage) };
  // Unless told the schema, Kysely takes its bookkeeping tables in any schema of the database for ours (another
  // CaseDesk in its own schema, any other Kysely application): name the schema this connection works in.
  const migrationTableSchema =
    storage.dialect === 'postgres'
      ? (await sql<{ schema: string | null }>`select current_schema() as schema`.execute(storage.db)).rows[0]?.schema
      : null;
  return new Migrator({ db: storage.db, provider, ...(migrationTableSchema ? { migrationTableSchema } : {}) });
}

/**
 * Brings the schema up to date. Safe when several instances start at once on PostgreSQL: Kysely takes an
 * advisory lock there, and SQLite has a single writer.
 */
export async function migrateToLatest(storage: Storage): Promise<string[]> {
  const { error, results } = await (await migrator(storage)).migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((result) => result.status === 'Success').map((result) => result.migrationName);
}

export async function pendingMigrations(storage: Storage): Promise<string[]> {
  const migrations = await (await migrator(storage)).getMigrations();
  return migrations.filter((migration) => migration.executedAt === undefined).map((migration) => migration.name);
}
