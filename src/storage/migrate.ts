import { Migrator, type Migration, type MigrationProvider } from 'kysely';
import type { Storage } from './db.js';
import { foundation } from './migrations/0001-foundation.js';
import { casesAndEscalation } from './migrations/0002-cases-and-escalation.js';
import { outboxAndNotifications } from './migrations/0003-outbox-and-notifications.js';
import { deliveredSystems } from './migrations/0004-delivered-systems.js';
import { serviceRecordsAndSurveys } from './migrations/0005-service-records-and-surveys.js';
import { vendorReportsAndServiceBilling } from './migrations/0007-vendor-reports-and-service-billing.js';

/** The one ordered list of migrations, shared by both dialects. */
function migrationsFor(storage: Storage): Record<string, Migration> {
  return {
    '0001-foundation': foundation(storage.dialect),
    '0002-cases-and-escalation': casesAndEscalation(storage.dialect),
    '0003-outbox-and-notifications': outboxAndNotifications(storage.dialect),
    '0004-delivered-systems': deliveredSystems(storage.dialect),
    '0005-service-records-and-surveys': serviceRecordsAndSurveys(storage.dialect),
    '0007-vendor-reports-and-service-billing': vendorReportsAndServiceBilling(storage.dialect),
  };
}

function migrator(storage: Storage): Migrator {
  const provider: MigrationProvider = { getMigrations: async () => migrationsFor(storage) };
  return new Migrator({ db: storage.db, provider });
}

/**
 * Brings the schema up to date. Safe when several instances start at once on PostgreSQL: Kysely takes an
 * advisory lock there, and SQLite has a single writer.
 */
export async function migrateToLatest(storage: Storage): Promise<string[]> {
  const { error, results } = await migrator(storage).migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((result) => result.status === 'Success').map((result) => result.migrationName);
}

export async function pendingMigrations(storage: Storage): Promise<string[]> {
  const migrations = await migrator(storage).getMigrations();
  return migrations.filter((migration) => migration.executedAt === undefined).map((migration) => migration.name);
}
