import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.js';
import { inlineScriptHashes } from '../../src/http/plugins/security-headers.js';
import { systemClock } from '../../src/services/context.js';
import type { Storage } from '../../src/storage/db.js';
import { ensureWebBuilt } from '../browser/support/web-build.js';
import { createTestDatabase, describeOnEachDatabase, type TestDatabase } from '../support/databases.js';

function directives(response: LightMyRequestResponse): Map<string, string[]> {
  const policy = String(response.headers['content-security-policy'] ?? '');
  return new Map(
    policy
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...sources]) => [name!, sources]),
  );
}

function expectProtected(response: LightMyRequestResponse, what: string): void {
  expect(response.headers['content-security-policy'], what).toBeTruthy();
  const csp = directives(response);
  expect(csp.get('frame-ancestors'), what).toEqual(["'none'"]);
  expect(csp.get('object-src'), what).toEqual(["'none'"]);
  // No inline script without its hash, nor eval: only 'self' and hash sources.
  expect(
    csp.get('script-src')?.every((source) => source === "'self'" || /^'sha256-[A-Za-z0-9+/]+=*'$/.test(source)),
    what,
  ).toBe(true);
  expect(response.headers['x-frame-options'], what).toBe('DENY');
  expect(response.headers['x-content-type-options'], what).toBe('nosniff');
  expect(response.headers['referrer-policy'], what).toBe('no-referrer');
}

describeOnEachDatabase('security headers on the API, the web app, the public pages and the API docs', (name) => {
  let database: TestDatabase;
  let storage: Storage;
  let plain: FastifyInstance;
  let secure: FastifyInstance;

  beforeAll(async () => {
    const webRoot = await ensureWebBuilt();
    database = await createTestDatabase(name, { migrated: true });
    storage = await database.open();
    plain = await buildApp({ context: { storage, clock: systemClock, publicUrl: 'http://casedesk.test' }, webRoot });
    secure = await buildApp({ context: { storage, clock: systemClock, publicUrl: 'https://support.example.com' }, webRoot });
  });
  afterAll(async () => {
    await plain?.close();
    await secure?.close();
    await storage?.close();
    await database?.drop();
  });

  it('sends CSP, frame protection, nosniff and no-referrer everywhere', async () => {
    const pages: [string, string][] = [
      ['API', '/api/v1/sessions/current'],
      ['health', '/healthz'],
      ['web app', '/cases'],
      ['public survey page', '/public/surveys/not-a-real-token'],
      ['public confirmation page', '/public/service-record-confirmations/not-a-real-token'],
      ['API docs', '/api/v1/docs/static/index.html'],
      ['unknown address', '/api/v1/nothing-here'],
    ];
    for (const [what, url] of pages) {
      const response = await plain.inject({ method: 'GET', url });
      expect(response.statusCode, what).toBeLessThan(500);
      expectProtected(response, what);
    }
  });

  it("allows the web app's inline boot script and the public pages' script by their hashes", async () => {
    const app = await plain.inject({ method: 'GET', url: '/cases' });
    const scriptSources = directives(app).get('script-src') ?? [];
    const inline = inlineScriptHashes(app.body);
    expect(inline.length).toBeGreaterThan(0);
    for (const hash of inline) expect(scriptSources).toContain(hash);
    const survey = await plain.inject({ method: 'GET', url: '/public/surveys/not-a-real-token' });
    for (const hash of inlineScriptHashes(survey.body)) expect(directives(survey).get('script-src')).toContain(hash);
  });

  it('asks for HTTPS (HSTS) only when the public address is https://', async () => {
    expect((await plain.inject({ method: 'GET', url: '/healthz' })).headers['strict-transport-security']).toBeUndefined();
    const secured = await secure.inject({ method: 'GET', url: '/cases' });
    expect(secured.headers['strict-transport-security']).toMatch(/max-age=\d{7,}/);
    expectProtected(secured, 'web app behind https');
  });
});
