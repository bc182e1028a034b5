import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.js';
import { SESSION_COOKIE } from '../../src/http/plugins/authentication.js';
import { ManualClock } from '../../src/services/context.js';
import { createUser } from '../../src/services/people/create-user.js';
import type { Storage } from '../../src/storage/db.js';
import { ensureWebBuilt } from '../browser/support/web-build.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';

// The web app's built files are public: a request for one never looks up the caller's session (a first visit asks
// for about fifty of them, each with the cookie). What the lookup reads does not depend on the database, so SQLite.
describe("the web app's built files are served without looking at the caller [sqlite]", () => {
  let database: TestDatabase;
  let storage: Storage;
  let app: FastifyInstance;
  let asset: string;
  const clock = new ManualClock('2026-03-02T08:00:00.000Z');

  beforeAll(async () => {
    const webRoot = await ensureWebBuilt();
    asset = `/assets/${fs.readdirSync(path.join(webRoot, 'assets')).find((file) => file.endsWith('.js'))!}`;
    database = await createTestDatabase('sqlite', { migrated: true });
    storage = await database.open();
    app = await buildApp({ context: { storage, clock, publicUrl: 'http://casedesk.test' }, webRoot });
    await createUser({ storage, clock, publicUrl: 'http://casedesk.test' }, null, {
      email: 'engineer@example.com',
      name: 'Engineer',
      role: 'executive',
      organizationId: null,
      language: 'en',
      password: 'correct-horse-battery',
    });
  });
  afterAll(async () => {
    await app?.close();
    await storage?.close();
    await database?.drop();
  });

  const lastSeen = async () => (await storage.db.selectFrom('sessions').select('last_seen_at').executeTakeFirstOrThrow()).last_seen_at;

  it('serves a script to a signed-in browser without reading its session, which an API call then does', async () => {
    const signIn = await app.inject({
      method: 'POST',
      url: '/api/v1/sessions',
      payload: { email: 'engineer@example.com', password: 'correct-horse-battery' },
    });
    expect(signIn.statusCode, signIn.body).toBe(201);
    const cookie = signIn.cookies.find((candidate) => candidate.name === SESSION_COOKIE)!.value;
    const signedInAt = await lastSeen();
    // A session seen more than a minute ago is marked seen again by the next request that looks it up.
    clock.advance(5 * 60_000);

    const script = await app.inject({ method: 'GET', url: asset, cookies: { [SESSION_COOKIE]: cookie } });
    expect(script.statusCode).toBe(200);
    expect(script.headers['cache-control']).toContain('immutable');
    expect(await lastSeen()).toBe(signedInAt);

    const session = await app.inject({ method: 'GET', url: '/api/v1/sessions/current', cookies: { [SESSION_COOKIE]: cookie } });
    expect(session.statusCode).toBe(200);
    expect(await lastSeen()).toBe(clock.now().toISOString());
  });

  it('serves a script even beside a bearer token that is no token: the file is the same for everyone', async () => {
    const headers = { authorization: 'Bearer not-a-token' };
    expect((await app.inject({ method: 'GET', url: asset, headers })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/api/v1/sessions/current', headers })).statusCode).toBe(401);
  });
});
