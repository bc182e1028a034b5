import { loadConfig } from '../../config.js';
import type { Language, Role } from '../../domain/access/roles.js';
import { databaseTarget, filesDirOf, startServer } from '../../server.js';
import { createApiTokenForEmail } from '../../services/auth/api-tokens.js';
import { createPasswordResetLinkForEmail } from '../../services/auth/password-reset.js';
import { systemClock, type ServiceContext } from '../../services/context.js';
import { createUser } from '../../services/people/create-user.js';
import { openStorage } from '../../storage/db.js';
import { describePendingMigrations, migrateToLatest, refuseNewerSchema } from '../../storage/migrate.js';

/** Runs `work` against the configured database, migrated, and closes it afterwards. */
export async function withContext<T>(work: (context: ServiceContext) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const storage = openStorage(databaseTarget(config));
  try {
    await migrateToLatest(storage, { defaultCountry: config.defaultCountry });
    return await work({
      storage,
      clock: systemClock,
      publicUrl: config.publicUrl,
      filesDir: filesDirOf(config),
      security: config.security,
      defaultCountry: config.defaultCountry,
    });
  } finally {
    await storage.close();
  }
}

/** A service manager waits about 10 s after SIGTERM before it kills; stop on our own terms before that. */
const SHUTDOWN_DEADLINE_MS = 8_000;

export async function serveCommand(): Promise<void> {
  const server = await startServer(loadConfig());
  const shutdown = (signal: string) => {
    server.app.log.info({ signal }, 'shutting down');
    const deadline = setTimeout(() => {
      server.app.log.error({ signal, afterMs: SHUTDOWN_DEADLINE_MS }, 'shutdown took too long; exiting anyway');
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS);
    deadline.unref();
    server.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        server.app.log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

/** From about here a migration that rewrites or indexes a table runs for minutes (0049: 74 s at 1 000 000 cases). */
const LARGE_TABLE_ROWS = 100_000;

export async function migrateCommand(options: { dryRun?: boolean } = {}): Promise<void> {
  const config = loadConfig();
  const storage = openStorage(databaseTarget(config));
  try {
    if (options.dryRun) {
      await refuseNewerSchema(storage);
      const pending = await describePendingMigrations(storage);
      if (pending.length === 0) console.log('the database is up to date');
      else {
        console.log(`would apply ${pending.length} migration(s), in this order:`);
        for (const migration of pending) {
          console.log(`  ${migration.name}: ${migration.changes}`);
          // Rewriting or indexing a table takes time in proportion to its rows; the rest is quick at any size.
          const large = migration.rows.filter((table) => table.count >= LARGE_TABLE_ROWS);
          if (migration.rows.length > 0) {
            const tables = migration.rows.map((table) => `${table.table} (${table.count.toLocaleString('en')} rows)`).join(', ');
            console.log(`      goes through ${tables}${large.length > 0 ? ': may take minutes; upgrade in a quiet hour' : ''}`);
          }
        }
      }
      return;
    }
    const applied = await migrateToLatest(storage, { defaultCountry: config.defaultCountry });
    console.log(applied.length > 0 ? `applied: ${applied.join(', ')}` : 'the database is up to date');
  } finally {
    await storage.close();
  }
}

export async function userCreateCommand(options: {
  email: string;
  name: string;
  role: Role;
  password?: string;
  organization?: string;
  language: Language;
}): Promise<void> {
  const user = await withContext((context) =>
    createUser(context, null, {
      email: options.email,
      name: options.name,
      role: options.role,
      password: options.password,
      organizationId: options.organization ?? null,
      language: options.language,
    }),
  );
  console.log(`created ${user.role} ${user.email} (id ${user.id})`);
}

export async function tokenCreateCommand(options: { email: string; name: string }): Promise<void> {
  const token = await withContext((context) => createApiTokenForEmail(context, options.email, options.name));
  console.log(`API token for ${options.email} (shown once; send it as "Authorization: Bearer <token>"):`);
  console.log(token);
}

export async function userResetPasswordCommand(options: { email: string; mail?: boolean }): Promise<void> {
  const link = await withContext((context) => createPasswordResetLinkForEmail(context, options.email, { mail: options.mail === true }));
  console.log(
    `Password reset link for ${options.email}, usable once until ${link.expiresAt}` +
      (link.mailed ? ' (also queued to the user by e-mail):' : ' (pass it on; it was not mailed):'),
  );
  console.log(link.url);
}
