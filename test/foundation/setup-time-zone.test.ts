import { afterAll, beforeAll, expect, it } from 'vitest';
import { companyTimeZone } from '../../src/services/delivered-systems/support/company-today.js';
import { describeOnEachDatabase } from '../support/databases.js';
import { TestApp } from '../support/test-app.js';

interface Problem {
  status: number;
  field?: string;
  detail: string;
}

describeOnEachDatabase('first-run setup names the company time zone', (database) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await TestApp.start(database);
  });
  afterAll(() => app.stop());

  it('refuses a zone that is not an IANA zone, naming the field, and creates no one', async () => {
    const bad = await app.request<Problem>(null, 'POST', '/api/v1/setup', {
      email: 'root@example.com',
      name: 'Root',
      password: 'a-long-password',
      timeZone: 'Mars/Olympus_Mons',
    });
    expect(bad.status).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(bad.body.field).toBe('timeZone');
    expect((await app.request(null, 'GET', '/api/v1/setup')).body).toEqual({ needed: true });
    expect(await companyTimeZone(app.storage.db)).toBe('UTC');
  });

  it('stores a good zone as the default policy calendar zone, with the admin', async () => {
    const created = await app.request<{ id: string; role: string }>(null, 'POST', '/api/v1/setup', {
      email: 'root@example.com',
      name: 'Root',
      password: 'a-long-password',
      timeZone: 'Asia/Shanghai',
    });
    expect(created.status).toBe(201);
    expect(await companyTimeZone(app.storage.db)).toBe('Asia/Shanghai');
    const versions = await app.storage.db
      .selectFrom('escalation_policy_versions')
      .select(['version', 'created_by'])
      .orderBy('version')
      .execute();
    expect(versions.at(-1)).toEqual({ version: versions.length, created_by: created.body.id });
  });
});
