import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.js';
import type { Storage } from '../../src/storage/db.js';
import { describeOnEachDatabase } from '../support/databases.js';
import { TestApp, type TestUser } from '../support/test-app.js';

interface Problem {
  status: number;
  field?: string;
  errors?: { field: string; in?: string }[];
}

describeOnEachDatabase('case intake with an Idempotency-Key', (database) => {
  let app: TestApp;
  let secretary: TestUser;
  let organizationId: string;
  // A second server instance on the same database (PostgreSQL only: SQLite is one process with one writer).
  let secondStorage: Storage | null = null;
  let second: FastifyInstance | null = null;

  beforeAll(async () => {
    app = await TestApp.start(database);
    secretary = await app.user('secretary');
    organizationId = (await app.organization('Idempotent customer')).id;
    // The company's first department becomes the default servicing department of every case.
    expect((await app.request(await app.user('admin'), 'POST', '/api/v1/departments', { name: 'Network Service' })).status).toBe(201);
    if (database === 'postgres') {
      secondStorage = await app.database.open();
      second = await buildApp({ context: { ...app.context, storage: secondStorage }, webRoot: false });
      await second.ready();
    }
  });
  afterAll(async () => {
    await second?.close();
    await secondStorage?.close();
    await app?.stop();
  });

  const body = (title: string) => ({ organizationId, channel: 'api', level: 3, title, description: 'Sent by a script' });
  const post = (key: string | null, payload: object, as: TestUser = secretary, instance?: FastifyInstance) =>
    (instance ?? app.app).inject({
      method: 'POST',
      url: '/api/v1/cases',
      headers: { ...as.headers, ...(key === null ? {} : { 'idempotency-key': key }) },
      payload,
    });
  const casesTitled = async (title: string) =>
    (await app.storage.db.selectFrom('cases').select('id').where('title', '=', title).execute()).map((row) => row.id);

  it('answers a repeated request with the case opened the first time: the same status and body, no second case', async () => {
    const key = `"${crypto.randomUUID()}"`;
    const first = await post(key, body('Core switch down'));
    expect(first.statusCode).toBe(201);
    const repeated = await post(key, body('Core switch down'));
    expect(repeated.statusCode).toBe(201);
    expect(repeated.json()).toEqual(first.json());
    expect(await casesTitled('Core switch down')).toEqual([(first.json() as { id: string }).id]);

    // A bare key (as many clients send it) works the same way, and the order of the fields does not matter.
    const bare = crypto.randomUUID();
    const one = await post(bare, { description: 'Sent by a script', title: 'Bare key', level: 3, channel: 'api', organizationId });
    const again = await post(bare, body('Bare key'));
    expect([one.statusCode, again.statusCode]).toEqual([201, 201]);
    expect(again.json()).toEqual(one.json());
    expect(await casesTitled('Bare key')).toHaveLength(1);
  });

  it('refuses the same key with another body (422) and keeps keys apart per caller', async () => {
    const key = crypto.randomUUID();
    expect((await post(key, body('Firewall flapping'))).statusCode).toBe(201);
    const changed = await post(key, body('Firewall flapping, and the VPN too'));
    expect(changed.statusCode).toBe(422);
    expect(changed.headers['content-type']).toContain('application/problem+json');
    expect((changed.json() as Problem).field).toBe('idempotency-key');
    expect(await casesTitled('Firewall flapping, and the VPN too')).toEqual([]);

    // Another user's key of the same value is another key.
    const colleague = await app.user('secretary');
    const theirs = await post(key, body('Firewall flapping'), colleague);
    expect(theirs.statusCode).toBe(201);
    expect(await casesTitled('Firewall flapping')).toHaveLength(2);
  });

  it('opens a case once when the same request arrives many times at once, on every instance', async () => {
    const key = crypto.randomUUID();
    const instances = second ? [app.app, second] : [app.app];
    const answers = await Promise.all(
      Array.from({ length: 24 }, (_, index) => post(key, body('Storage array degraded'), secretary, instances[index % instances.length])),
    );
    const ids = await casesTitled('Storage array degraded');
    expect(ids).toHaveLength(1);
    for (const answer of answers) {
      // Either the case, or "still running" for a repeat that came while the first was being carried out.
      expect([201, 409]).toContain(answer.statusCode);
      if (answer.statusCode === 201) expect((answer.json() as { id: string }).id).toBe(ids[0]);
      else expect((answer.json() as Problem).field).toBe('idempotency-key');
    }
    // Once the first is done, a repeat gets its answer.
    const later = await post(key, body('Storage array degraded'), secretary, instances.at(-1));
    expect(later.statusCode).toBe(201);
    expect((later.json() as { id: string }).id).toBe(ids[0]);
  });

  it('forgets a key after its lifetime, and answers from the case itself if the first answer was never kept', async () => {
    const key = crypto.randomUUID();
    const first = await post(key, body('Old key'));
    expect(first.statusCode).toBe(201);
    // As if the server had stopped right after the commit, before keeping the answer.
    await app.storage.db
      .updateTable('idempotency_keys')
      .set({ response_status: null, response_json: null })
      .where('key', '=', key)
      .execute();
    const repeated = await post(key, body('Old key'));
    expect(repeated.statusCode).toBe(201);
    expect((repeated.json() as { id: string }).id).toBe((first.json() as { id: string }).id);

    await app.storage.db.updateTable('idempotency_keys').set({ expires_at: '2000-01-01T00:00:00.000Z' }).where('key', '=', key).execute();
    const afterExpiry = await post(key, body('Old key'));
    expect(afterExpiry.statusCode).toBe(201);
    expect(await casesTitled('Old key')).toHaveLength(2);
  });

  it('validates the header: 400 naming it when empty, too long or not ASCII', async () => {
    for (const key of ['""', 'k'.repeat(256), `"${'k'.repeat(256)}"`, '"unterminated', 'schlüssel']) {
      const answer = await post(key, body('Never stored'));
      expect(answer.statusCode, key).toBe(400);
      const problem = answer.json() as Problem;
      expect(problem.field, key).toBe('idempotency-key');
      expect(problem.errors?.[0]?.in, key).toBe('headers');
    }
    expect(await casesTitled('Never stored')).toEqual([]);
    // 255 characters is the longest key.
    expect((await post('k'.repeat(255), body('Longest key'))).statusCode).toBe(201);
  });

  it('declares the header in the OpenAPI document', async () => {
    const document = (await app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json() as {
      paths: Record<string, Record<string, { parameters?: { name: string; in: string }[]; responses: Record<string, unknown> }>>;
    };
    const operation = document.paths['/api/v1/cases']!.post!;
    expect(operation.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'idempotency-key', in: 'header' })]));
    expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['201', '409', '422']));
  });
});
