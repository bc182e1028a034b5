import fs from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { uploadBodyLimit } from '../../src/http/uploads.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { openCase } from '../../src/services/cases/open-case.js';
import { createOrganization } from '../../src/services/organizations/manage-organizations.js';
import { createUser } from '../../src/services/people/create-user.js';
import { systemClock } from '../../src/services/context.js';
import { createTestDatabase, describeOnEachDatabase, type TestDatabase } from '../support/databases.js';
import { canRunNginx, startNginx, type Nginx } from '../support/nginx.js';
import { databaseEnvironment, freePort } from '../support/server-process.js';

const PASSWORD = 'correct horse battery';
const ATTACHMENT_MAX_BYTES = 100_000;
/** A client elsewhere: the test's requests leave from these loopback addresses, so nginx sees them as the client. */
const CLIENT_A = '127.0.0.2';
const CLIENT_B = '127.0.0.3';
const CLIENT_C = '127.0.0.4';
const PUBLIC_URL = 'https://support.example.test';
/** A host a client may name in its own Host header; never to appear in a link CaseDesk mails. */
const FORGED_HOST = 'attacker.example';
/** What a client may claim in its own X-Forwarded-For; never to be believed. */
const FORGED = '203.0.113.66';

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** CaseDesk behind Debian's nginx (TLS), started for one setting of CASEDESK_TRUST_PROXY. */
class Deployment {
  private constructor(
    readonly server: RunningServer,
    readonly nginx: Nginx,
  ) {}

  static async start(database: TestDatabase, dataDir: string, trustProxy: string | undefined): Promise<Deployment> {
    const port = await freePort();
    const config = loadConfig({
      ...databaseEnvironment(database.target),
      CASEDESK_DATA_DIR: dataDir,
      CASEDESK_PORT: String(port),
      CASEDESK_HOST: '127.0.0.1',
      CASEDESK_LOG_LEVEL: 'silent',
      CASEDESK_PUBLIC_URL: PUBLIC_URL,
      CASEDESK_ATTACHMENT_MAX_BYTES: String(ATTACHMENT_MAX_BYTES),
      CASEDESK_SIGN_IN_MAX_FAILURES_PER_IP: '2',
      ...(trustProxy ? { CASEDESK_TRUST_PROXY: trustProxy } : {}),
    });
    const server = await startServer(config);
    try {
      // As the README says: nginx's limit is CaseDesk's attachment limit plus room for the form around the file.
      const nginx = await startNginx({ upstreamPort: port, clientMaxBodyBytes: uploadBodyLimit(ATTACHMENT_MAX_BYTES) });
      return new Deployment(server, nginx);
    } catch (error) {
      await server.stop();
      throw error;
    }
  }

  async stop(): Promise<void> {
    await this.nginx.stop();
    await this.server.stop();
  }

  private options(from: string, method: string, url: string, headers: Record<string, string>): https.RequestOptions {
    return {
      host: '127.0.0.1',
      port: this.nginx.port,
      servername: 'localhost',
      ca: this.nginx.certificate,
      localAddress: from,
      method,
      path: url,
      headers,
    };
  }

  /** One request through nginx, over TLS, leaving from the loopback address `from`. */
  send(from: string, method: string, url: string, headers: Record<string, string> = {}, body?: Buffer | string): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const request = https.request(this.options(from, method, url, headers), (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }));
        response.on('error', reject);
      });
      request.on('error', reject);
      request.end(body);
    });
  }

  signIn(from: string, email: string, password: string): Promise<Answer> {
    return this.send(
      from,
      'POST',
      '/api/v1/sessions',
      { 'content-type': 'application/json', 'x-forwarded-for': FORGED },
      JSON.stringify({ email, password }),
    );
  }

  /**
   * "Forgot password" through nginx, naming another host in the Host header (nginx passes it on, and as
   * X-Forwarded-Host) and claiming another client in X-Forwarded-For.
   */
  requestPasswordReset(from: string, email: string): Promise<Answer> {
    return this.send(
      from,
      'POST',
      '/api/v1/password-resets',
      { 'content-type': 'application/json', host: FORGED_HOST, 'x-forwarded-for': FORGED, 'x-forwarded-proto': 'http' },
      JSON.stringify({ email }),
    );
  }

  /** The client address the audit log recorded for the one entry of `action` on `entityId`. */
  async auditedAddress(action: string, entityId: string): Promise<string | null> {
    const rows = await this.server.storage.db
      .selectFrom('audit_log')
      .select('client_address')
      .where('action', '=', action)
      .where('entity_id', '=', entityId)
      .execute();
    expect(rows).toHaveLength(1);
    return rows[0]!.client_address;
  }

  /** The link in the password-reset mail queued to `email`. */
  async resetLinkMailedTo(email: string): Promise<string> {
    const mails = await this.server.storage.db
      .selectFrom('outbox_messages')
      .select(['text_body', 'html_body'])
      .where('kind', '=', 'password-reset')
      .where('to_address', '=', email)
      .execute();
    expect(mails).toHaveLength(1);
    const mail = mails[0]!;
    expect(`${mail.text_body}\n${mail.html_body ?? ''}`).not.toContain(FORGED_HOST);
    const link = /https?:\/\/\S+reset-password#token=[\w.-]+/.exec(mail.text_body);
    expect(link, mail.text_body).not.toBeNull();
    return link![0];
  }

  /**
   * A live change feed through nginx (the cases' by default, or the dashboard's): the events' names and the case ids
   * of `case` events as they arrive, once the server says it listens.
   */
  async follow(
    from: string,
    cookie: string,
    path = '/api/v1/case-changes',
  ): Promise<{ caseIds: string[]; events: string[]; close: () => void }> {
    const caseIds: string[] = [];
    const events: string[] = [];
    let close = (): void => undefined;
    await new Promise<void>((resolve, reject) => {
      const request = https.request(this.options(from, 'GET', path, { cookie, accept: 'text/event-stream' }), (response) => {
        if (response.statusCode !== 200) return reject(new Error(`the feed answered ${response.statusCode}`));
        let buffer = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          buffer += chunk;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            if (block.startsWith(': connected')) resolve();
            const data = block.split('\n').find((line) => line.startsWith('data: '));
            const event = block.split('\n').find((line) => line.startsWith('event: '));
            if (event) events.push(event.slice('event: '.length));
            if (event === 'event: case' && data) caseIds.push((JSON.parse(data.slice(6)) as { id: string }).id);
          }
        });
        response.on('error', () => undefined);
      });
      request.on('error', reject);
      request.end();
      close = () => request.destroy();
    });
    return { caseIds, events, close };
  }
}

/** A browser form's upload: `multipart/form-data` with the one field `file`. */
function uploadForm(fileName: string, content: Buffer): { contentType: string; body: Buffer } {
  const boundary = '----casedesk-proxy-test';
  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    body: Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: text/plain\r\n\r\n`,
      ),
      content,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
  };
}

const sessionCookieOf = (answer: Answer): string => {
  const cookie = (answer.headers['set-cookie'] ?? []).find((value) => value.startsWith('casedesk_session='));
  if (!cookie) throw new Error('no session cookie was set');
  return cookie.split(';')[0]!;
};

describeOnEachDatabase('CaseDesk behind Debian’s nginx with TLS', (name) => {
  let database: TestDatabase;
  let dataDir: string;
  const emails = { trusted: 'behind-proxy@example.com', untrusted: 'not-trusted@example.com' };
  const userIds: Record<string, string> = {};

  beforeAll(async () => {
    if (!canRunNginx) throw new Error('the proxy test needs Debian nginx (/usr/sbin/nginx, package nginx-light)');
    database = await createTestDatabase(name, { migrated: true });
    dataDir =
      database.target.kind === 'sqlite' ? path.dirname(database.target.file) : fs.mkdtempSync(path.join(os.tmpdir(), 'casedesk-proxy-'));
    const storage = await database.open();
    try {
      const context = { storage, clock: systemClock, publicUrl: PUBLIC_URL };
      for (const email of Object.values(emails)) {
        userIds[email] = (
          await createUser(context, null, {
            email,
            name: 'Sam Secretary',
            role: 'secretary',
            organizationId: null,
            language: 'en',
            password: PASSWORD,
          })
        ).id;
      }
    } finally {
      await storage.close();
    }
  }, 600_000);
  afterAll(async () => {
    await database?.drop();
    if (database?.target.kind === 'postgres' && dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('trusting nginx (CASEDESK_TRUST_PROXY=127.0.0.1): the sign-in limit and the audit log see the client nginx saw, not nginx nor a forged header; mailed links ignore the Host sent; the live feed and an upload work through it', async () => {
    const deployment = await Deployment.start(database, dataDir, '127.0.0.1');
    try {
      // Two failures from client A reach the limit per address for A alone.
      for (let attempt = 0; attempt < 2; attempt += 1)
        expect((await deployment.signIn(CLIENT_A, emails.trusted, 'wrong password')).status).toBe(401);
      expect((await deployment.signIn(CLIENT_A, emails.trusted, PASSWORD)).status).toBe(429);
      const signedIn = await deployment.signIn(CLIENT_B, emails.trusted, PASSWORD);
      expect(signedIn.status).toBe(201);
      const throttled = await deployment.server.storage.db.selectFrom('sign_in_throttles').select('key').execute();
      expect(throttled.map((row) => row.key)).toContain(`ip:${CLIENT_A}`);
      expect(throttled.map((row) => row.key).filter((key) => key.includes('127.0.0.1') || key.includes(FORGED))).toEqual([]);

      const cookie = sessionCookieOf(signedIn);
      const { csrfToken, user } = JSON.parse(signedIn.body.toString('utf8')) as { csrfToken: string; user: { id: string } };
      const actor = { userId: user.id, role: 'secretary' as const, organizationId: null };

      // A change made by a signed-in user through nginx is audited with the client nginx saw.
      const token = await deployment.send(
        CLIENT_B,
        'POST',
        '/api/v1/me/tokens',
        { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json', 'x-forwarded-for': FORGED },
        JSON.stringify({ name: 'Behind the proxy' }),
      );
      expect(token.status, token.body.toString('utf8')).toBe(201);
      expect(await deployment.auditedAddress('api-token.created', user.id)).toBe(CLIENT_B);
      // So is one nobody signed in for; and the link it mails is CASEDESK_PUBLIC_URL's, whatever host and scheme
      // the request named.
      expect((await deployment.requestPasswordReset(CLIENT_C, emails.trusted)).status).toBe(204);
      expect(await deployment.auditedAddress('user.password-reset-requested', userIds[emails.trusted]!)).toBe(CLIENT_C);
      expect(await deployment.resetLinkMailedTo(emails.trusted)).toMatch(/^https:\/\/support\.example\.test\/reset-password#token=/);
      // No entry names nginx, or the address a client claimed.
      const log = await deployment.server.storage.db
        .selectFrom('audit_log')
        .select(['id', 'client_address'])
        .where('client_address', 'is not', null)
        .execute();
      expect(log.map((row) => row.client_address).filter((address) => address === '127.0.0.1' || address === FORGED)).toEqual([]);
      const organization = await createOrganization(
        deployment.server.context,
        { userId: 'system', role: 'admin', organizationId: null },
        { name: 'Proxy Ltd' },
      );

      // The live change feeds: a case opened elsewhere arrives through nginx while the streams stay open, on the
      // cases' feed and on the Operation Center's (which a wallboard follows).
      const feed = await deployment.follow(CLIENT_B, cookie);
      const dashboard = await deployment.follow(CLIENT_B, cookie, '/api/v1/dashboard/changes');
      try {
        const opened = await openCase(deployment.server.context, actor, {
          organizationId: organization.id,
          channel: 'api',
          level: 4,
          title: 'Switch down behind the proxy',
          description: '',
          departmentOptional: true,
        });
        await expect.poll(() => feed.caseIds, { timeout: 30_000 }).toContain(opened.id);
        await expect.poll(() => dashboard.events, { timeout: 30_000 }).toContain('changed');

        // A file at CaseDesk's limit passes nginx and is stored; one byte more is refused by CaseDesk (its 413,
        // naming the field), not by nginx: the two limits agree.
        const write = { cookie, 'x-csrf-token': csrfToken };
        const fits = uploadForm('switch.log', Buffer.alloc(ATTACHMENT_MAX_BYTES, 0x61));
        const stored = await deployment.send(
          CLIENT_B,
          'POST',
          `/api/v1/cases/${opened.id}/attachments`,
          { ...write, 'content-type': fits.contentType },
          fits.body,
        );
        expect(stored.status, stored.body.toString('utf8')).toBe(201);
        expect(JSON.parse(stored.body.toString('utf8'))).toMatchObject({ fileName: 'switch.log', sizeBytes: ATTACHMENT_MAX_BYTES });
        const tooBig = uploadForm('switch.log', Buffer.alloc(ATTACHMENT_MAX_BYTES + 1, 0x61));
        const refused = await deployment.send(
          CLIENT_B,
          'POST',
          `/api/v1/cases/${opened.id}/attachments`,
          { ...write, 'content-type': tooBig.contentType },
          tooBig.body,
        );
        expect(refused.status).toBe(413);
        expect(refused.headers['content-type']).toContain('application/problem+json');
        expect(JSON.parse(refused.body.toString('utf8'))).toMatchObject({ field: 'file' });
      } finally {
        feed.close();
        dashboard.close();
      }
    } finally {
      await deployment.stop();
    }
  });

  it('not trusting it (the default): every client looks like nginx, so one client’s failures stop the others too, and the audit log records nginx', async () => {
    const deployment = await Deployment.start(database, dataDir, undefined);
    try {
      for (let attempt = 0; attempt < 2; attempt += 1)
        expect((await deployment.signIn(CLIENT_A, emails.untrusted, 'wrong password')).status).toBe(401);
      expect((await deployment.signIn(CLIENT_B, emails.untrusted, PASSWORD)).status).toBe(429);
      const throttled = await deployment.server.storage.db.selectFrom('sign_in_throttles').select('key').execute();
      expect(throttled.map((row) => row.key)).toContain('ip:127.0.0.1');
      expect(throttled.map((row) => row.key).filter((key) => key.includes(CLIENT_B) || key.includes(FORGED))).toEqual([]);

      // The audit entry of a change through nginx names nginx's address; the mailed link is CASEDESK_PUBLIC_URL's.
      expect((await deployment.requestPasswordReset(CLIENT_C, emails.untrusted)).status).toBe(204);
      expect(await deployment.auditedAddress('user.password-reset-requested', userIds[emails.untrusted]!)).toBe('127.0.0.1');
      expect(await deployment.resetLinkMailedTo(emails.untrusted)).toMatch(/^https:\/\/support\.example\.test\/reset-password#token=/);
    } finally {
      await deployment.stop();
    }
  });
});
