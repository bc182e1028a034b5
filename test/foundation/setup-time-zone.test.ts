import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../src/domain/escalation/seed-matrix.js';
import { setDefaultPolicyTimeZone } from '../../src/services/escalations/escalation-policies.js';
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
    // A fresh install's default policy starts in the zone: its first version, with the seed matrix.
    const versions = await app.storage.db.selectFrom('escalation_policy_versions').select(['version', 'body_json']).execute();
    expect(versions.map((row) => row.version)).toEqual([1]);
    expect(JSON.parse(versions[0]!.body_json)).toEqual({
      ...DEFAULT_POLICY,
      calendar: { ...DEFAULT_POLICY.calendar, timeZone: 'Asia/Shanghai' },
    });
  });

  it('a zone set where the default policy exists already becomes a new version of it, by the admin, audited', async () => {
    const admin = await app.storage.db.selectFrom('users').select('id').executeTakeFirstOrThrow();
    await app.storage.transaction((trx) =>
      setDefaultPolicyTimeZone(trx, { userId: admin.id, clientAddress: null }, 'Europe/London', new Date().toISOString()),
    );
    expect(await companyTimeZone(app.storage.db)).toBe('Europe/London');
    const versions = await app.storage.db
      .selectFrom('escalation_policy_versions')
      .select(['version', 'created_by'])
      .orderBy('version')
      .execute();
    expect(versions).toEqual([
      { version: 1, created_by: null },
      { version: 2, created_by: admin.id },
    ]);
    const audited = await app.storage.db
      .selectFrom('audit_log')
      .select('actor_user_id')
      .where('action', '=', 'escalation-policy.revised')
      .execute();
    expect(audited).toEqual([{ actor_user_id: admin.id }]);
  });
});
