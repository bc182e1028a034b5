import type { FastifyInstance } from 'fastify';
import http from 'node:http';
import net from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.js';
import { createApiToken } from '../../src/services/auth/api-tokens.js';
import { systemClock } from '../../src/services/context.js';
import { createUser } from '../../src/services/people/create-user.js';
import type { Storage } from '../../src/storage/db.js';
import { createTestDatabase, describeOnEachDatabase, type TestDatabase } from '../support/databases.js';

const HEADERS_TIMEOUT_MS = 500;
const REQUEST_TIMEOUT_MS = 1_000;

/** Sends `head`, then one byte every 100 ms for as long as the server listens; resolves with what came back and when. */
function slowClient(port: number, head: string, trickle: boolean): Promise<{ answer: string; closedAfterMs: number }> {
  return new Promise((resolve) => {
    const started = Date.now();
    let answer = '';
    const socket = net.connect(port, '127.0.0.1', () => socket.write(head));
    const drip = setInterval(() => {
      if (trickle && !socket.destroyed) socket.write('x');
    }, 100);
    socket.on('data', (chunk) => (answer += chunk.toString()));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearInterval(drip);
      resolve({ answer, closedAfterMs: Date.now() - started });
    });
    // The client would go on for a minute; the server must end it long before.
    setTimeout(() => socket.destroy(), 60_000).unref();
  });
}

describeOnEachDatabase('slow clients are timed out, the change feed is not', (name) => {
  let database: TestDatabase;
  let storage: Storage;
  let app: FastifyInstance;
  let port: number;
  let token: string;

  beforeAll(async () => {
    database = await createTestDatabase(name, { migrated: true });
    storage = await database.open();
    const context = { storage, clock: systemClock, publicUrl: 'http://casedesk.test' };
    app = await buildApp({ context, webRoot: false, timeouts: { headersMs: HEADERS_TIMEOUT_MS, requestMs: REQUEST_TIMEOUT_MS } });
    await app.listen({ port: 0, host: '127.0.0.1' });
    port = (app.server.address() as net.AddressInfo).port;
    const admin = await createUser(context, null, {
      email: 'slow@example.com',
      name: 'Admin',
      role: 'admin',
      organizationId: null,
      language: 'en',
    });
    token = (await createApiToken(context, admin.id, 'slow', null)).token;
  });
  afterAll(async () => {
    await app?.close();
    await storage?.close();
    await database?.drop();
  });

  it('answers a body sent a byte at a time 408 and closes the connection once the request timeout is up', async () => {
    const head =
      `POST /api/v1/organizations HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${token}\r\n` +
      `Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"name":"`;
    const { answer, closedAfterMs } = await slowClient(port, head, true);
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    expect(closedAfterMs).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS - 100);
    // Long before the client would have stopped (a minute), whatever the load on the machine.
    expect(closedAfterMs).toBeLessThan(30_000);
  });

  it('closes a connection whose headers never finish once the headers timeout is up', async () => {
    const { answer, closedAfterMs } = await slowClient(port, 'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ', true);
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    expect(closedAfterMs).toBeGreaterThanOrEqual(HEADERS_TIMEOUT_MS - 100);
    expect(closedAfterMs).toBeLessThan(30_000);
  });

  it('keeps a change-feed stream open well past the request timeout', async () => {
    let closed = false;
    let received = '';
    const request = http.get(
      { host: '127.0.0.1', port, path: '/api/v1/case-changes', headers: { authorization: `Bearer ${token}` } },
      (response) => {
        response.on('data', (chunk: Buffer) => (received += chunk.toString()));
        response.on('close', () => (closed = true));
      },
    );
    request.on('error', () => (closed = true));
    await new Promise((resolve) => setTimeout(resolve, 3 * REQUEST_TIMEOUT_MS));
    expect(received).toContain(': connected');
    expect(closed).toBe(false);
    request.destroy();
  });
});
