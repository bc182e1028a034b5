import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApiToken } from '../../src/services/auth/api-tokens.js';
import { systemClock, type ServiceContext } from '../../src/services/context.js';
import { enqueueMail } from '../../src/services/notifications/enqueue-mail.js';
import { createUser } from '../../src/services/people/create-user.js';
import { createTestDatabase, describeOnEachDatabase, type TestDatabase } from '../support/databases.js';
import { buildServerIfStale, databaseEnvironment, freePort, repoRoot, until } from '../support/server-process.js';

/** An SMTP server that accepts connections and never says a word: the sender's connection stays open, waiting. */
async function silentSmtpServer(): Promise<{ port: number; connections: () => number; close: () => Promise<void> }> {
  const sockets = new Set<net.Socket>();
  let opened = 0;
  const server = net.createServer((socket) => {
    opened += 1;
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    connections: () => opened,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describeOnEachDatabase('SIGTERM to `npm start` stops the server within 10 s', (name) => {
  let database: TestDatabase;
  let dataDir: string;
  let token: string;

  beforeAll(async () => {
    buildServerIfStale();
    database = await createTestDatabase(name, { migrated: true });
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'casedesk-shutdown-'));
    const storage = await database.open();
    const context: ServiceContext = { storage, clock: systemClock, publicUrl: 'http://casedesk.test' };
    const admin = await createUser(context, null, {
      email: 'shutdown@example.com',
      name: 'Admin',
      role: 'admin',
      organizationId: null,
      language: 'en',
    });
    token = (await createApiToken(context, admin.id, 'shutdown', null)).token;
    // A mail waiting in the outbox, so the server opens an SMTP connection as soon as it starts.
    await enqueueMail(storage.db, context, {
      kind: 'test',
      to: 'someone@example.com',
      recipientUserId: null,
      language: 'en',
      subject: 'Waiting',
      text: 'Waiting',
      html: '<p>Waiting</p>',
      dedupeKey: 'shutdown-test',
      caseId: null,
    });
    await storage.close();
  });
  afterAll(async () => {
    await database?.drop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('with an SMTP connection open and a change-feed client connected, and frees the port', async () => {
    const smtp = await silentSmtpServer();
    const port = await freePort();
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      CASEDESK_PORT: String(port),
      CASEDESK_HOST: '127.0.0.1',
      CASEDESK_DATA_DIR: dataDir,
      CASEDESK_LOG_LEVEL: 'warn',
      CASEDESK_SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
      CASEDESK_OUTBOX_TICK_MS: '100',
    };
    Object.assign(env, databaseEnvironment(database.target));
    // `npm start` itself, as a service manager or a terminal runs it: the signal goes to npm, which must pass it on
    // to the server rather than leave it running without a parent.
    const server: ChildProcess = spawn('npm', ['start'], {
      cwd: repoRoot,
      env: { ...env, HOME: process.env.HOME ?? os.tmpdir() },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    server.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    server.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => server.once('exit', (code) => resolve(code)));
    let feed: http.ClientRequest | null = null;
    try {
      await until(
        () =>
          fetch(`http://127.0.0.1:${port}/readyz`)
            .then((response) => response.ok)
            .catch(() => false),
        `the server to be ready (${output})`,
      );
      await until(() => smtp.connections() > 0, 'the SMTP connection');
      const connected = new Promise<void>((resolve, reject) => {
        feed = http.get(
          { host: '127.0.0.1', port, path: '/api/v1/case-changes', headers: { authorization: `Bearer ${token}` } },
          (response) => {
            expect(response.statusCode).toBe(200);
            response.once('data', () => resolve());
            response.on('error', () => undefined);
          },
        );
        feed.on('error', reject);
      });
      await connected;

      const signalledAt = Date.now();
      server.kill('SIGTERM');
      const code = await Promise.race([exited, new Promise<'running'>((resolve) => setTimeout(() => resolve('running'), 10_000))]);
      expect(code, output).not.toBe('running');
      expect(Date.now() - signalledAt).toBeLessThan(10_000);
      // Nothing answers there any more: the server went with npm instead of running on without a parent.
      expect(
        await fetch(`http://127.0.0.1:${port}/readyz`).then(
          () => 'answered',
          () => 'refused',
        ),
      ).toBe('refused');
      // The port is free again: nothing answers there, and a new server can take it.
      const probe = net.createServer();
      await new Promise<void>((resolve, reject) => {
        probe.once('error', reject);
        probe.listen(port, '127.0.0.1', resolve);
      });
      await new Promise<void>((resolve) => probe.close(() => resolve()));
    } finally {
      (feed as http.ClientRequest | null)?.destroy();
      if (server.exitCode === null) server.kill('SIGKILL');
      await smtp.close();
    }
  }, 60_000);
});
