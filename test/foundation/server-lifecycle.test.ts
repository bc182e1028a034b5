import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { startServer } from '../../src/server.js';
import { createApiToken } from '../../src/services/auth/api-tokens.js';
import { createUser } from '../../src/services/people/create-user.js';
import { openStorage } from '../../src/storage/db.js';
import { migrateToLatest, pendingMigrations } from '../../src/storage/migrate.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestDatabase, describeOnEachDatabase, type TestDatabase } from '../support/databases.js';
import { selfSignedCertificate } from '../support/self-signed-certificate.js';

/** The environment `npm start` would see for this test database. */
function environmentFor(database: TestDatabase, dataDir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    CASEDESK_PORT: '0',
    CASEDESK_HOST: '127.0.0.1',
    CASEDESK_DATA_DIR: dataDir,
    CASEDESK_LOG_LEVEL: 'silent',
  };
  if (database.target.kind === 'sqlite') {
    env.CASEDESK_DATA_DIR = path.dirname(database.target.file);
  } else {
    const url = new URL(database.target.url);
    // The test's private schema, through libpq's `options`, so the server sees only this test's tables.
    url.searchParams.set('options', `-c search_path=${database.target.schema}`);
    env.CASEDESK_DATABASE_URL = url.toString();
  }
  return env;
}

describeOnEachDatabase('the server: start, migrate, restart', (name) => {
  let database: TestDatabase;
  let dataDir: string;

  beforeAll(async () => {
    database = await createTestDatabase(name);
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'casedesk-lifecycle-'));
  });
  afterAll(async () => {
    await database.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('migrates an empty database at start, is ready, and keeps its data across a restart', async () => {
    const config = loadConfig(environmentFor(database, dataDir));
    const first = await startServer(config);
    expect((await fetch(`${first.url.replace('localhost', '127.0.0.1')}/readyz`)).status).toBe(200);
    const admin = await createUser(first.context, null, {
      email: 'lifecycle@example.com',
      name: 'Admin',
      role: 'admin',
      organizationId: null,
      language: 'en',
    });
    const { token } = await createApiToken(first.context, admin.id, 'lifecycle', null);
    const base = first.url.replace('localhost', '127.0.0.1');
    const created = await fetch(`${base}/api/v1/organizations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Harbour Logistics' }),
    });
    expect(created.status).toBe(201);
    const organization = (await created.json()) as { id: string };
    await first.stop();

    const second = await startServer(config);
    const again = second.url.replace('localhost', '127.0.0.1');
    const read = await fetch(`${again}/api/v1/organizations/${organization.id}`, { headers: { authorization: `Bearer ${token}` } });
    expect(read.status).toBe(200);
    expect(((await read.json()) as { name: string }).name).toBe('Harbour Logistics');
    expect(await pendingMigrations(second.storage)).toEqual([]);
    expect(second.inboundSmtpPort).toBeNull();
    await second.stop();
  });

  it('takes mail on the inbound SMTP port when CASEDESK_INBOUND_SMTP_PORT is set, for the configured addresses only', async () => {
    const server = await startServer(
      loadConfig({
        ...environmentFor(database, dataDir),
        CASEDESK_INBOUND_SMTP_PORT: '0',
        CASEDESK_INBOUND_ADDRESSES: 'support@example.com',
      }),
    );
    try {
      expect(server.inboundSmtpPort).toBeGreaterThan(0);
      const mailer = nodemailer.createTransport({ host: '127.0.0.1', port: server.inboundSmtpPort!, secure: false, ignoreTLS: true });
      const sent = await mailer.sendMail({ from: 'someone@unknown.example', to: 'support@example.com', subject: 'Hello', text: 'Hi' });
      expect(sent.response).toMatch(/^250 /);
      await expect(mailer.sendMail({ from: 'someone@unknown.example', to: 'sales@example.com', subject: 'x', text: 'x' })).rejects.toThrow(
        /550/,
      );
      mailer.close();
      const stored = await server.storage.db
        .selectFrom('inbound_mail')
        .selectAll()
        .where('message_id', '=', sent.messageId)
        .executeTakeFirstOrThrow();
      expect(stored).toMatchObject({ status: 'unmatched', reason: 'unknown-sender', to_address: 'support@example.com' });
    } finally {
      await server.stop();
    }
  });

  it('offers STARTTLS on the inbound SMTP port with CASEDESK_INBOUND_TLS_CERT and _KEY, and requires it when told', async () => {
    const certificate = selfSignedCertificate();
    const server = await startServer(
      loadConfig({
        ...environmentFor(database, dataDir),
        CASEDESK_INBOUND_SMTP_PORT: '0',
        CASEDESK_INBOUND_ADDRESSES: 'support@example.com',
        CASEDESK_INBOUND_TLS_CERT: certificate.certFile,
        CASEDESK_INBOUND_TLS_KEY: certificate.keyFile,
        CASEDESK_INBOUND_REQUIRE_TLS: 'true',
      }),
    );
    try {
      const port = server.inboundSmtpPort!;
      const secured = nodemailer.createTransport({
        host: '127.0.0.1',
        port,
        secure: false,
        requireTLS: true,
        tls: { rejectUnauthorized: false },
      });
      const sent = await secured.sendMail({ from: 'someone@unknown.example', to: 'support@example.com', subject: 'Over TLS', text: 'Hi' });
      secured.close();
      expect(sent.response).toMatch(/^250 /);
      const clear = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
      await expect(clear.sendMail({ from: 'someone@unknown.example', to: 'support@example.com', subject: 'x', text: 'x' })).rejects.toThrow(
        /530/,
      );
      clear.close();
      const stored = await server.storage.db
        .selectFrom('inbound_mail')
        .select('subject')
        .where('message_id', '=', sent.messageId)
        .execute();
      expect(stored).toEqual([{ subject: 'Over TLS' }]);
    } finally {
      await server.stop();
      fs.rmSync(certificate.dir, { recursive: true, force: true });
    }
  });
});

// Scale-out is a PostgreSQL setup (SQLite serves one process), so the race is run there.
describe.skipIf(!process.env.CASEDESK_TEST_DATABASE_URL)('migrations when several instances start at once [postgres]', () => {
  it('migrates its own schema while another schema of the same database holds CaseDesk tables already', async () => {
    const first = await createTestDatabase('postgres');
    const second = await createTestDatabase('postgres');
    try {
      const migratedFirst = openStorage(first.target);
      expect((await migrateToLatest(migratedFirst)).length).toBeGreaterThan(0);
      // The second schema is empty: the first one's bookkeeping tables must not be taken for its own.
      const migratedSecond = openStorage(second.target);
      const applied = await migrateToLatest(migratedSecond);
      expect(applied.length).toBeGreaterThan(0);
      expect(await pendingMigrations(migratedSecond)).toEqual([]);
      await Promise.all([migratedFirst.close(), migratedSecond.close()]);
    } finally {
      await Promise.all([first.drop(), second.drop()]);
    }
  });

  it('applies each migration once while three connections race', async () => {
    const database = await createTestDatabase('postgres');
    try {
      const storages = [openStorage(database.target), openStorage(database.target), openStorage(database.target)];
      const applied = await Promise.all(storages.map((storage) => migrateToLatest(storage)));
      // Every migration was applied by exactly one of the racing instances.
      const all = applied.flat();
      expect(new Set(all).size).toBe(all.length);
      expect(all.length).toBeGreaterThan(0);
      for (const storage of storages) expect(await pendingMigrations(storage)).toEqual([]);
      await Promise.all(storages.map((storage) => storage.close()));
    } finally {
      await database.drop();
    }
  });

  it('migrates a fresh schema while another schema of the same database is already migrated', async () => {
    const first = await createTestDatabase('postgres');
    const second = await createTestDatabase('postgres');
    try {
      const migrated = openStorage(first.target);
      const all = await migrateToLatest(migrated);
      expect(all.length).toBeGreaterThan(0);
      // The neighbour's bookkeeping tables must not be taken for this schema's own.
      const fresh = openStorage(second.target);
      expect(await migrateToLatest(fresh)).toEqual(all);
      expect(await pendingMigrations(fresh)).toEqual([]);
      expect(await migrateToLatest(migrated)).toEqual([]);
      await Promise.all([migrated.close(), fresh.close()]);
    } finally {
      await Promise.all([first.drop(), second.drop()]);
    }
  });
});
