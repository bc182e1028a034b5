import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeOnEachDatabase } from '../support/databases.js';
import { TestApp } from '../support/test-app.js';

describeOnEachDatabase('sign-in, sessions, CSRF, tokens and the login rate limit', (database) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await TestApp.start(database);
  });
  afterAll(() => app.stop());

  it('sets up the first admin once, then locks the setup', async () => {
    expect((await app.request(null, 'GET', '/api/v1/setup')).body).toEqual({ needed: true });
    const created = await app.request<{ role: string }>(null, 'POST', '/api/v1/setup', {
      email: 'Root@Example.com',
      name: 'Root',
      password: 'a-long-password',
    });
    expect(created.status).toBe(201);
    expect(created.body.role).toBe('admin');
    expect((await app.request(null, 'GET', '/api/v1/setup')).body).toEqual({ needed: false });
    const again = await app.request<{ type: string }>(null, 'POST', '/api/v1/setup', {
      email: 'evil@example.com',
      name: 'Evil',
      password: 'a-long-password',
    });
    expect(again.status).toBe(409);
    expect(again.headers['content-type']).toContain('application/problem+json');
  });

  it('signs in with a cookie session, needs the CSRF token to write, and signs out', async () => {
    const wrong = await app.request(null, 'POST', '/api/v1/sessions', { email: 'root@example.com', password: 'nope-nope-nope' });
    expect(wrong.status).toBe(401);

    const login = await app.inject({
      method: 'POST',
      url: '/api/v1/sessions',
      payload: { email: 'root@example.com', password: 'a-long-password' },
    });
    expect(login.statusCode).toBe(201);
    const setCookie = String(login.headers['set-cookie']);
    expect(setCookie).toMatch(/casedesk_session=/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    const cookie = setCookie.split(';')[0]!;
    const { csrfToken, abilities } = login.json<{ csrfToken: string; abilities: string[] }>();
    expect(abilities).toContain('users.manage');

    const current = await app.inject({ method: 'GET', url: '/api/v1/sessions/current', headers: { cookie } });
    expect(current.statusCode).toBe(200);

    const noCsrf = await app.inject({ method: 'POST', url: '/api/v1/organizations', headers: { cookie }, payload: { name: 'Acme' } });
    expect(noCsrf.statusCode).toBe(403);
    expect(noCsrf.json<{ type: string }>().type).toContain('csrf');
    const withCsrf = await app.inject({
      method: 'POST',
      url: '/api/v1/organizations',
      headers: { cookie, 'x-csrf-token': csrfToken },
      payload: { name: 'Acme' },
    });
    expect(withCsrf.statusCode).toBe(201);

    const logout = await app.inject({ method: 'DELETE', url: '/api/v1/sessions/current', headers: { cookie, 'x-csrf-token': csrfToken } });
    expect(logout.statusCode).toBe(204);
    expect((await app.inject({ method: 'GET', url: '/api/v1/sessions/current', headers: { cookie } })).statusCode).toBe(401);
  });

  it('creates, uses and revokes API tokens, stored only as hashes', async () => {
    const admin = await app.user('admin');
    const created = await app.request<{ id: string; token: string }>(admin, 'POST', '/api/v1/me/tokens', { name: 'monitoring' });
    expect(created.status).toBe(201);
    const bearer = { authorization: `Bearer ${created.body.token}` };
    expect((await app.inject({ method: 'GET', url: '/api/v1/users', headers: bearer })).statusCode).toBe(200);
    const stored = await app.storage.db
      .selectFrom('api_tokens')
      .select('token_hash')
      .where('id', '=', created.body.id)
      .executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toContain(created.body.token);
    expect((await app.request(admin, 'DELETE', `/api/v1/me/tokens/${created.body.id}`)).status).toBe(204);
    expect((await app.inject({ method: 'GET', url: '/api/v1/users', headers: bearer })).statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/api/v1/users', headers: { authorization: 'Bearer forged' } })).statusCode).toBe(401);
  });

  it('changes the password and signs in with the new one', async () => {
    const user = await app.user('executive', { password: 'first-password', email: 'exec@example.com' });
    const short = await app.request<{ field: string }>(user, 'POST', '/api/v1/me/password', {
      currentPassword: 'first-password',
      newPassword: 'short',
    });
    expect(short.status).toBe(400);
    expect(short.body.field).toBe('newPassword');
    expect(
      (await app.request(user, 'POST', '/api/v1/me/password', { currentPassword: 'first-password', newPassword: 'second-password' }))
        .status,
    ).toBe(204);
    expect((await app.request(null, 'POST', '/api/v1/sessions', { email: 'exec@example.com', password: 'first-password' })).status).toBe(
      401,
    );
    expect((await app.request(null, 'POST', '/api/v1/sessions', { email: 'exec@example.com', password: 'second-password' })).status).toBe(
      201,
    );
  });

  it('answers a clear 429 problem after too many login attempts', async () => {
    let last = { status: 0, body: {} as { detail?: string; type?: string } };
    for (let attempt = 0; attempt < 11; attempt++) {
      last = await app.request(null, 'POST', '/api/v1/sessions', { email: 'victim@example.com', password: `guess-${attempt}` });
    }
    expect(last.status).toBe(429);
    expect(last.body.type).toContain('rate-limited');
    expect(last.body.detail).toMatch(/try again/i);
  });
});
