import { Migrator, sql, type Migration, type MigrationProvider } from 'kysely';
import type { Storage } from './db.js';
import { MIGRATION_NOTES } from './migration-notes.js';
import { foundation } from './migrations/0001-foundation.js';
import { casesAndEscalation } from './migrations/0002-cases-and-escalation.js';
import { outboxAndNotifications } from './migrations/0003-outbox-and-notifications.js';
import { deliveredSystems } from './migrations/0004-delivered-systems.js';
import { serviceRecordsAndSurveys } from './migrations/0005-service-records-and-surveys.js';
import { servicingDepartments } from './migrations/0006-servicing-departments.js';
import { vendorReportsAndServiceBilling } from './migrations/0007-vendor-reports-and-service-billing.js';
import { customerContactsAndSurveyCredits } from './migrations/0008-customer-contacts-and-survey-credits.js';
import { changePositionsAndIdempotencyKeys } from './migrations/0009-change-positions-and-idempotency-keys.js';
import { outboxClaims } from './migrations/0010-outbox-claims.js';
import { inputAndTransport } from './migrations/0012-input-and-transport.js';
import { passwordResets } from './migrations/0015-password-resets.js';
import { siteDetails } from './migrations/0016-site-details.js';
import { mailThreadsAndSettings } from './migrations/0017-mail-threads-and-settings.js';
import { inboundMail } from './migrations/0018-inbound-mail.js';
import { mailThreads } from './migrations/0021-mail-threads.js';
import { caseAttachments } from './migrations/0022-case-attachments.js';
import { retiredCustomers } from './migrations/0023-retired-customers.js';
import { retiredRecords } from './migrations/0024-retired-records.js';
import { contactRolesAndSecondPhones } from './migrations/0025-contact-roles-and-second-phones.js';
import { secondPhoneSearch } from './migrations/0026-second-phone-search.js';
import { contactEmailLookup } from './migrations/0027-contact-email-lookup.js';
import { caseSearch } from './migrations/0028-case-search.js';
import { problemRecords } from './migrations/0029-problem-records.js';
import { knowledgeBase } from './migrations/0030-knowledge-base.js';
import { similarCases } from './migrations/0031-similar-cases.js';
import { recurrenceProposals } from './migrations/0032-recurrence-proposals.js';
import { knowledgeSearch } from './migrations/0033-knowledge-search.js';
import { notificationPreferences } from './migrations/0034-notification-preferences.js';
import { queues } from './migrations/0035-queues.js';
import { faultOccurrences } from './migrations/0036-fault-occurrences.js';
import { cannedReplies } from './migrations/0037-canned-replies.js';
import { webhooks } from './migrations/0039-webhooks.js';
import { chatTargets } from './migrations/0043-chat-targets.js';
import { periodicRuns } from './migrations/0040-periodic-runs.js';
import { firstResponseTargets } from './migrations/0041-first-response-targets.js';
import { erasedPeople } from './migrations/0044-erased-people.js';
import { operationCenter } from './migrations/0046-operation-center.js';
import { weeklySummaries } from './migrations/0047-weekly-summaries.js';
import { reportCoveringIndexes } from './migrations/0048-report-covering-indexes.js';
import { reportStoredFigures } from './migrations/0049-report-stored-figures.js';
import { followUpReminders } from './migrations/0052-follow-up-reminders.js';
import { queueNameSorts } from './migrations/0053-queue-name-sorts.js';
import { auditClientAddresses } from './migrations/0054-audit-client-addresses.js';
import { refusedMail } from './migrations/0055-refused-mail.js';
import { openCaseIds } from './migrations/0058-open-case-ids.js';
import { uploadsBeforeACase } from './migrations/0059-uploads-before-a-case.js';
import { erasedMailSources } from './migrations/0060-erased-mail-sources.js';
import { firstResponseBusinessTime } from './migrations/0061-first-response-business-time.js';
import { notificationWording } from './migrations/0062-notification-wording.js';
import { usersByContact } from './migrations/0063-users-by-contact.js';
import { cjkBigramSearch } from './migrations/0064-cjk-bigram-search.js';
import { similarCaseWords } from './migrations/0065-similar-case-words.js';
import { similarWordIndex } from './migrations/0066-similar-word-index.js';
import { operationsReports } from './migrations/0042-operations-reports.js';

export interface MigrationOptions {
  /** Region for reading stored phone numbers written without a country code (`CASEDESK_DEFAULT_COUNTRY`). */
  defaultCountry?: string;
}

/** The one ordered list of migrations, shared by both dialects. */
function migrationsFor(storage: Storage, options: MigrationOptions): Record<string, Migration> {
  return {
    '0001-foundation': foundation(storage.dialect),
    '0002-cases-and-escalation': casesAndEscalation(storage.dialect),
    '0003-outbox-and-notifications': outboxAndNotifications(storage.dialect),
    '0004-delivered-systems': deliveredSystems(storage.dialect),
    '0005-service-records-and-surveys': serviceRecordsAndSurveys(storage.dialect),
    '0006-servicing-departments': servicingDepartments(storage.dialect),
    '0007-vendor-reports-and-service-billing': vendorReportsAndServiceBilling(storage.dialect),
    '0008-customer-contacts-and-survey-credits': customerContactsAndSurveyCredits(storage.dialect),
    '0009-change-positions-and-idempotency-keys': changePositionsAndIdempotencyKeys(storage.dialect),
    '0010-outbox-claims': outboxClaims(storage.dialect),
    '0012-input-and-transport': inputAndTransport(storage.dialect, options.defaultCountry ?? 'CN'),
    '0015-password-resets': passwordResets(storage.dialect),
    '0016-site-details': siteDetails(storage.dialect),
    '0017-mail-threads-and-settings': mailThreadsAndSettings(storage.dialect),
    '0018-inbound-mail': inboundMail(storage.dialect),
    '0021-mail-threads': mailThreads(storage.dialect),
    '0022-case-attachments': caseAttachments(storage.dialect),
    '0023-retired-customers': retiredCustomers(storage.dialect),
    '0024-retired-records': retiredRecords(storage.dialect),
    '0025-contact-roles-and-second-phones': contactRolesAndSecondPhones(storage.dialect),
    '0026-second-phone-search': secondPhoneSearch(storage.dialect),
    '0027-contact-email-lookup': contactEmailLookup(storage.dialect),
    '0028-case-search': caseSearch(storage.dialect),
    '0029-problem-records': problemRecords(storage.dialect),
    '0030-knowledge-base': knowledgeBase(storage.dialect),
    '0031-similar-cases': similarCases(storage.dialect),
    '0032-recurrence-proposals': recurrenceProposals(storage.dialect),
    '0033-knowledge-search': knowledgeSearch(storage.dialect),
    '0034-notification-preferences': notificationPreferences(storage.dialect),
    '0035-queues': queues(storage.dialect),
    '0036-fault-occurrences': faultOccurrences(storage.dialect),
    '0037-canned-replies': cannedReplies(storage.dialect),
    '0039-webhooks': webhooks(storage.dialect),
    '0040-periodic-runs': periodicRuns,
    '0041-first-response-targets': firstResponseTargets,
    '0042-operations-reports': operationsReports,
    '0043-chat-targets': chatTargets,
    '0044-erased-people': erasedPeople(storage.dialect),
    '0046-operation-center': operationCenter,
    '0047-weekly-summaries': weeklySummaries,
    '0048-report-covering-indexes': reportCoveringIndexes(storage.dialect),
    '0049-report-stored-figures': reportStoredFigures(storage.dialect),
    '0052-follow-up-reminders': followUpReminders,
    '0053-queue-name-sorts': queueNameSorts(storage.dialect),
    '0054-audit-client-addresses': auditClientAddresses,
    '0055-refused-mail': refusedMail,
    '0058-open-case-ids': openCaseIds(storage.dialect),
    '0059-uploads-before-a-case': uploadsBeforeACase(storage.dialect),
    '0060-erased-mail-sources': erasedMailSources,
    '0061-first-response-business-time': firstResponseBusinessTime(storage.dialect),
    '0062-notification-wording': notificationWording,
    '0063-users-by-contact': usersByContact,
    '0064-cjk-bigram-search': cjkBigramSearch(storage.dialect),
    '0065-similar-case-words': similarCaseWords(storage.dialect),
    '0066-similar-word-index': similarWordIndex(storage.dialect),
  };
}

/** The schema CaseDesk works in on PostgreSQL (its migration tables live there); undefined on SQLite. */
async function migrationTableSchemaOf(storage: Storage): Promise<string | undefined> {
  return storage.dialect === 'postgres'
    ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(storage.db)).rows[0]?.schema
    : undefined;
}

async function migrator(storage: Storage, options: MigrationOptions = {}): Promise<Migrator> {
  const provider: MigrationProvider = { getMigrations: async () => migrationsFor(storage, options) };
  // On PostgreSQL the migration tables are looked for in the schema CaseDesk works in: without naming it, Kysely
  // takes such tables in any other schema of the database (another application's, another test run's) for ours.
  const migrationTableSchema = await migrationTableSchemaOf(storage);
  return new Migrator({ db: storage.db, provider, ...(migrationTableSchema ? { migrationTableSchema } : {}) });
}

/**
 * The database records migrations this build does not know: a newer release has upgraded it. Running on it could
 * misread or damage what that release wrote, so CaseDesk stops before it changes anything.
 */
export class SchemaNewerThanCodeError extends Error {
  constructor(readonly unknownMigrations: string[]) {
    super(
      `This database was upgraded by a newer CaseDesk release: it records migration(s) this version does not know: ` +
        `${unknownMigrations.join(', ')}. Nothing was changed. Install that release (or a later one) and start it ` +
        `instead; going back to an older release needs a backup taken before the upgrade (npx casedesk restore).`,
    );
    this.name = 'SchemaNewerThanCodeError';
  }
}

/** The names of the migrations recorded as run in the database, oldest first; none when it was never migrated. */
async function executedMigrationNames(storage: Storage): Promise<string[]> {
  const schema = await migrationTableSchemaOf(storage);
  // On PostgreSQL with no schema of the search path existing yet, nothing was ever migrated there.
  if (storage.dialect === 'postgres' && !schema) return [];
  const exists = schema
    ? (
        await sql<{
          found: string | null;
        }>`select to_regclass(quote_ident(${schema}) || '.' || ${MIGRATION_TABLE})::text as found`.execute(storage.db)
      ).rows[0]?.found
    : (await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name = ${MIGRATION_TABLE}`.execute(storage.db))
        .rows[0]?.name;
  if (!exists) return [];
  const table = schema ? sql.table(`${schema}.${MIGRATION_TABLE}`) : sql.table(MIGRATION_TABLE);
  const rows = await sql<{ name: string }>`select name from ${table} order by name`.execute(storage.db);
  return rows.rows.map((row) => row.name);
}

/** Kysely's own table of run migrations. */
const MIGRATION_TABLE = 'kysely_migration';

/** Migrations the database records as run that this build does not know (written by a newer release). */
export async function unknownMigrations(storage: Storage): Promise<string[]> {
  const known = new Set(Object.keys(migrationsFor(storage, {})));
  return (await executedMigrationNames(storage)).filter((name) => !known.has(name));
}

/** Throws {@link SchemaNewerThanCodeError} when the database is newer than this build; reads only. */
export async function refuseNewerSchema(storage: Storage): Promise<void> {
  const unknown = await unknownMigrations(storage);
  if (unknown.length > 0) throw new SchemaNewerThanCodeError(unknown);
}

/**
 * Brings the schema up to date, one migration per transaction. Safe when several instances start at once on
 * PostgreSQL: Kysely takes an advisory lock for each step, and SQLite has a single writer. Refuses, changing nothing,
 * a database newer than this build. A failing migration leaves the ones before it applied.
 */
export async function migrateToLatest(storage: Storage, options: MigrationOptions = {}): Promise<string[]> {
  await refuseNewerSchema(storage);
  // One transaction per migration, not one for them all: on PostgreSQL a single transaction kept every lock the
  // earlier migrations took until the last one ended, and the previous release's instances, still writing during a
  // rolling upgrade, deadlocked against the pile (test/operations/rolling-upgrade.test.ts).
  const steps = await migrator(storage, options);
  const applied: string[] = [];
  for (;;) {
    const { error, results } = await steps.migrateUp();
    if (error) throw error instanceof Error ? error : new Error(String(error));
    const done = (results ?? []).filter((result) => result.status === 'Success').map((result) => result.migrationName);
    if (done.length === 0) return applied;
    applied.push(...done);
  }
}

/** Brings the schema up or down to the named migration; for tests of what a migration does to existing rows. */
export async function migrateTo(storage: Storage, name: string): Promise<void> {
  const { error } = await (await migrator(storage)).migrateTo(name);
  if (error) throw error instanceof Error ? error : new Error(String(error));
}

/** A migration waiting to run: what it changes, and the rows now in the tables its time grows with. */
export interface PendingMigration {
  name: string;
  changes: string;
  /** Only the tables that exist already; a table an earlier pending migration creates starts empty. */
  rows: { table: string; count: number }[];
}

/** `pendingMigrations` with what each changes and how much it has to go through; reads only. */
export async function describePendingMigrations(storage: Storage): Promise<PendingMigration[]> {
  const pending = await pendingMigrations(storage);
  // On PostgreSQL only CaseDesk's own schema: another schema of the database may have tables of the same names.
  const schema = await migrationTableSchemaOf(storage);
  const tables = await storage.db.introspection.getTables();
  const existing = new Set(tables.filter((table) => schema === undefined || table.schema === schema).map((table) => table.name));
  const counted = new Map<string, number>();
  const count = async (table: string) => {
    if (!counted.has(table)) {
      const row = await sql<{ count: string | number }>`select count(*) as count from ${sql.table(table)}`.execute(storage.db);
      counted.set(table, Number(row.rows[0]?.count ?? 0));
    }
    return counted.get(table)!;
  };
  const described: PendingMigration[] = [];
  for (const name of pending) {
    const note = MIGRATION_NOTES[name];
    const rows: PendingMigration['rows'] = [];
    for (const table of (note?.growsWith ?? []).filter((table) => existing.has(table))) rows.push({ table, count: await count(table) });
    described.push({ name, changes: note?.changes ?? '', rows });
  }
  return described;
}

/** The migrations `migrateToLatest` would run, in order; reads only (creates not even Kysely's own tables). */
export async function pendingMigrations(storage: Storage): Promise<string[]> {
  const migrations = await (await migrator(storage)).getMigrations();
  return migrations.filter((migration) => migration.executedAt === undefined).map((migration) => migration.name);
}
