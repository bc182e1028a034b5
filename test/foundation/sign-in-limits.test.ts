import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.js';
import { ManualClock, type ServiceContext } from '../../src/services/context.js';
import type { Storage } from '../../src/storage/db.js';
import { describeOnEachDatabase } from '../support/databases.js';
import { TestApp } from '../support/test-app.js';

/** Sign-in limits live in the database: shared by instances, kept over a restart; sessions have a maximum age. */
describeOnEachDatabase('sign-in limits and session lifetime', (database) => {
  let app: TestApp;
  const others: { app: FastifyInstance; storage: Storage }[] = [];

  /** Another server instance on the same database: a restart, or a second instance behind the load balancer. */
  async function anotherInstance(): Promise<FastifyInstance> {
    const storage = await app.database.open();
    const context: ServiceContext = { ...app.context, storage };
    const instance = await buildApp({ context, webRoot: false });
    await instance.ready();
    others.push({ app: instance, storage });
    return instance;
  }

  function signIn(server: FastifyInstance, ip: string, email: string, password: string) {
    return server.inject({ method: 'POST', url: '/api/v1/sessions', remoteAddress: ip, payload: { email, password } });
  }

  beforeAll(async () => {
    app = await TestApp.start(database, { clock: new ManualClock('2026-03-02T08:00:00.000Z') });
  });
  afterAll(async () => {
    for (const other of others) {
      await other.app.close();
      await other.storage.close();
    }
    await app.stop();
  });

  it('slows down one address trying a password on 30 accounts, with a 429 problem and Retry-After', async () => {
    const statuses: number[] = [];
    let refused: Awaited<ReturnType<typeof signIn>> | undefined;
    for (let index = 0; index < 30; index++) {
      const response = await signIn(app.app, '198.51.100.7', `sprayed-${index}@example.com`, 'Winter2026!');
      statuses.push(response.statusCode);
      if (response.statusCode === 429) refused ??= response;
    }
    expect(statuses.slice(0, 20).every((status) => status === 401)).toBe(true);
    expect(statuses.slice(20).every((status) => status === 429)).toBe(true);
    expect(refused!.headers['content-type']).toContain('application/problem+json');
    expect(Number(refused!.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(refused!.headers['retry-after'])).toBeLessThanOrEqual(15 * 60);
    expect(refused!.json<{ type: string }>().type).toContain('rate-limited');
    // Someone else, elsewhere, is not held up.
    expect((await signIn(app.app, '198.51.100.8', 'sprayed-0@example.com', 'Winter2026!')).statusCode).toBe(401);
  });

  it('keeps a locked-out account locked after the server restarts on the same database', async () => {
    await app.user('expert', { email: 'locked@example.com', password: 'the-right-password' });
    for (let attempt = 0; attempt < 10; attempt++) {
      expect((await signIn(app.app, '192.0.2.10', 'locked@example.com', `guess-${attempt}`)).statusCode).toBe(401);
    }
    expect((await signIn(app.app, '192.0.2.10', 'locked@example.com', 'guess-10')).statusCode).toBe(429);

    const restarted = await anotherInstance();
    const afterRestart = await signIn(restarted, '192.0.2.10', 'locked@example.com', 'the-right-password');
    expect(afterRestart.statusCode).toBe(429);
    expect(afterRestart.headers['retry-after']).toBeDefined();

    // When the window has passed, the right password works again.
    app.clock.advance(15 * 60_000 + 1_000);
    expect((await signIn(restarted, '192.0.2.10', 'locked@example.com', 'the-right-password')).statusCode).toBe(201);
  });

  it('counts the failures of two instances on one database together', async () => {
    await app.user('expert', { email: 'shared@example.com', password: 'the-right-password' });
    const first = app.app;
    const second = await anotherInstance();
    for (let attempt = 0; attempt < 5; attempt++) {
      expect((await signIn(first, '192.0.2.20', 'shared@example.com', `first-${attempt}`)).statusCode).toBe(401);
      expect((await signIn(second, '192.0.2.20', 'shared@example.com', `second-${attempt}`)).statusCode).toBe(401);
    }
    expect((await signIn(first, '192.0.2.20', 'shared@example.com', 'the-right-password')).statusCode).toBe(429);
    expect((await signIn(second, '192.0.2.20', 'shared@example.com', 'the-right-password')).statusCode).toBe(429);
  });

  it('refuses a session older than the maximum age (7 days) even while it is used', async () => {
    app.clock.advance(60 * 60_000);
    await app.user('expert', { email: 'busy@example.com', password: 'the-right-password' });
    const login = await signIn(app.app, '192.0.2.30', 'busy@example.com', 'the-right-password');
    expect(login.statusCode).toBe(201);
    const cookie = String(login.headers['set-cookie']).split(';')[0]!;
    const current = () => app.inject({ method: 'GET', url: '/api/v1/sessions/current', headers: { cookie } });

    // Used every 10 hours, the session never sits idle for its 12 hours; for 7 days it works.
    let usedFor = 0;
    while (usedFor + 10 < 7 * 24) {
      app.clock.advance(10 * 3_600_000);
      usedFor += 10;
      expect((await current()).statusCode).toBe(200);
    }
    app.clock.advance((7 * 24 - usedFor) * 3_600_000);
    const tooOld = await current();
    expect(tooOld.statusCode).toBe(401);
    expect(tooOld.headers['content-type']).toContain('application/problem+json');
  });
});
