import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Config } from './config.js';
import { buildApp } from './http/app.js';
import { startBackgroundJobs } from './jobs/background-jobs.js';
import type { InboundSmtpListener } from './jobs/inbound-smtp-listener.js';
import type { ImapWatcher } from './jobs/imap-watcher.js';
import { addressOf, parseImapUrl } from './mail/mailbox-addresses.js';
import { systemClock, type ServiceContext } from './services/context.js';
import { isSetupNeeded } from './services/setup/first-run-setup.js';
import { openStorage, type DatabaseTarget, type Storage } from './storage/db.js';
import { moveFolderFilesIntoDatabase } from './storage/file-store.js';
import { migrateToLatest } from './storage/migrate.js';

export interface RunningServer {
  app: FastifyInstance;
  storage: Storage;
  context: ServiceContext;
  url: string;
  /** The port the inbound SMTP listener took (`CASEDESK_INBOUND_SMTP_PORT`, 0 = any free one); null when it is off. */
  inboundSmtpPort: number | null;
  stop(): Promise<void>;
}

/** Uploaded files live in the data dir on SQLite; on PostgreSQL in the database, older ones until start-up moves them (see file-store.ts). */
export function filesDirOf(config: Pick<Config, 'dataDir'>): string {
  return path.join(config.dataDir, 'files');
}

/** `smtps://user:secret@mail.example.com:465` → `mail.example.com:465`: what admins may see of the relay, not its password. */
export function smtpHostOf(smtpUrl: string | null): string | null {
  if (!smtpUrl) return null;
  try {
    return new URL(smtpUrl).host || null;
  } catch {
    return null;
  }
}

export function databaseTarget(config: Config): DatabaseTarget {
  return config.database.kind === 'sqlite'
    ? { kind: 'sqlite', file: config.database.file }
    : { kind: 'postgres', url: config.database.url };
}

/** On PostgreSQL, moves files this instance kept in its data folder before migration 0022 into the database. */
async function moveOlderFiles(storage: Storage, filesDir: string | undefined, log: FastifyInstance['log']): Promise<void> {
  const { moved, alreadyInDatabase, left } = await moveFolderFilesIntoDatabase(storage, filesDir);
  if (moved + alreadyInDatabase > 0) {
    log.info({ moved, alreadyInDatabase }, `moved ${moved} older project attachment(s) from the data folder into the database`);
  }
  if (left > 0) {
    log.warn({ left, filesDir }, `${left} file(s) in the data folder match no project attachment's record and were left there`);
  }
}

/** Opens the database, migrates it, serves HTTP. Used by `casedesk serve`. */
export async function startServer(config: Config): Promise<RunningServer> {
  const storage = openStorage(databaseTarget(config));
  try {
    await migrateToLatest(storage, { defaultCountry: config.defaultCountry });
  } catch (error) {
    // A refused start (a database newer than this build, say) must not be kept alive by the open connection pool.
    await storage.close();
    throw error;
  }
  const context: ServiceContext = {
    storage,
    clock: systemClock,
    publicUrl: config.publicUrl,
    filesDir: filesDirOf(config),
    attachmentMaxBytes: config.attachmentMaxBytes,
    security: config.security,
    defaultCountry: config.defaultCountry,
    mail: { smtpHost: smtpHostOf(config.smtpUrl), from: config.mailFrom, replyTo: config.caseReplyTo },
    pdfFontFile: config.pdfFontFile,
  };
  const app = await buildApp({
    context,
    backup: config.backup,
    secureCookies: config.secureCookies,
    trustProxy: config.trustProxy,
    logger: { level: config.logLevel },
    timeouts: { headersMs: config.headersTimeoutMs, requestMs: config.requestTimeoutMs },
  });
  await moveOlderFiles(storage, context.filesDir, app.log);
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://localhost:${port}`;
  const jobs = startBackgroundJobs(context, config, app.log);
  const ownAddresses = [...config.inboundAddresses, addressOf(config.mailFrom)];
  const imapMailbox = config.imapUrl ? parseImapUrl(config.imapUrl) : null;
  // The mail libraries load only when inbound mail is configured, so a desk without it starts smaller.
  const mailbox: ImapWatcher | null = imapMailbox
    ? (await import('./jobs/imap-watcher.js')).startImapWatcher(context, {
        mailbox: imapMailbox,
        processedFolder: config.imapProcessedFolder,
        refusedFolder: config.imapRefusedFolder,
        ownAddresses: imapMailbox.user.includes('@') ? [...ownAddresses, imapMailbox.user.toLowerCase()] : ownAddresses,
        maxBytes: config.inboundMaxBytes,
        log: app.log,
      })
    : null;
  const inbound: InboundSmtpListener | null =
    config.inboundSmtpPort === null
      ? null
      : await (
          await import('./jobs/inbound-smtp-listener.js')
        ).startInboundSmtp(context, {
          port: config.inboundSmtpPort,
          host: config.host,
          addresses: config.inboundAddresses,
          maxBytes: config.inboundMaxBytes,
          ownAddresses,
          tls: config.inboundTls,
          log: app.log,
        });
  app.log.info(
    {
      database: storage.dialect,
      url,
      mail: jobs.transport ? 'smtp' : 'outbox only (CASEDESK_SMTP_URL unset)',
      inboundSmtpPort: inbound?.port ?? null,
      ...(inbound ? { inboundStartTls: config.inboundTls ? (config.inboundTls.required ? 'required' : 'offered') : 'off' } : {}),
    },
    'CaseDesk is ready',
  );
  if (imapMailbox && !config.caseReplyTo)
    app.log.warn(
      'The watched mailbox signs in with a user that is not an address: case mail goes out without a reply address and asks ' +
        'customers not to reply. Set CASEDESK_INBOUND_ADDRESSES to the mailbox’s address.',
    );
  if (await isSetupNeeded(context)) {
    app.log.warn(
      `No users yet. Create the first admin at ${config.publicUrl}/setup in the browser, or run: ` +
        `npx casedesk user create --email you@example.com --name "Your Name" --role admin --password '<at least 10 characters>'`,
    );
  }
  return {
    app,
    storage,
    context,
    url,
    inboundSmtpPort: inbound?.port ?? null,
    async stop() {
      await Promise.all([jobs.stop(), app.close(), inbound?.stop(), mailbox?.stop()]);
      await storage.close();
    },
  };
}
