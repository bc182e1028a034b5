import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeOnEachDatabase } from '../support/databases.js';
import { TestApp, type TestUser } from '../support/test-app.js';

interface Problem {
  type: string;
  status: number;
  detail: string;
  field?: string;
  errors?: { field: string; message: string }[];
}

describeOnEachDatabase('API conventions: problem+json, validation, pagination, audit', (database) => {
  let app: TestApp;
  let admin: TestUser;
  beforeAll(async () => {
    app = await TestApp.start(database);
    admin = await app.user('admin');
  });
  afterAll(() => app.stop());

  it('names the failing field of a bad body and stores nothing', async () => {
    const before = await app.request<{ items: unknown[] }>(admin, 'GET', '/api/v1/users?limit=200');
    const response = await app.request<Problem>(admin, 'POST', '/api/v1/users', { email: 'not-an-email', name: 'X', role: 'wizard' });
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.body.errors?.map((error) => error.field).sort()).toEqual(['email', 'role']);
    const after = await app.request<{ items: unknown[] }>(admin, 'GET', '/api/v1/users?limit=200');
    expect(after.body.items.length).toBe(before.body.items.length);
  });

  it('rejects malformed JSON, bad query values, bad cursors and unknown routes with 4xx problems', async () => {
    const badJson = await app.inject({
      method: 'POST',
      url: '/api/v1/organizations',
      headers: { ...admin.headers, 'content-type': 'application/json' },
      payload: '{"name":',
    });
    expect(badJson.statusCode).toBe(400);
    expect(badJson.json<Problem>().detail).toMatch(/JSON/);
    const badLimit = await app.request<Problem>(admin, 'GET', '/api/v1/users?limit=100000');
    expect(badLimit.status).toBe(400);
    expect(badLimit.body.field).toBe('limit');
    const badCursor = await app.request<Problem>(admin, 'GET', '/api/v1/users?cursor=garbage');
    expect(badCursor.status).toBe(400);
    expect(badCursor.body.field).toBe('cursor');
    const unknown = await app.request<Problem>(admin, 'GET', '/api/v1/nothing-here');
    expect(unknown.status).toBe(404);
    const badId = await app.request<Problem>(admin, 'GET', '/api/v1/users/not%20an%20id');
    expect(badId.status).toBe(400);
    expect(badId.body.field).toBe('id');
    const hugeBody = await app.inject({
      method: 'POST',
      url: '/api/v1/organizations',
      headers: { ...admin.headers, 'content-type': 'application/json' },
      payload: JSON.stringify({ name: 'x'.repeat(2_000_000) }),
    });
    expect(hugeBody.statusCode).toBe(413);
  });

  it('answers 409 naming the field for a duplicate e-mail, and the first user survives', async () => {
    const first = await app.request<{ id: string }>(admin, 'POST', '/api/v1/users', {
      email: 'twin@example.com',
      name: 'Twin',
      role: 'expert',
    });
    expect(first.status).toBe(201);
    const second = await app.request<Problem>(admin, 'POST', '/api/v1/users', { email: 'TWIN@example.com', name: 'Other', role: 'expert' });
    expect(second.status).toBe(409);
    expect(second.body.field).toBe('email');
    expect((await app.request<{ name: string }>(admin, 'GET', `/api/v1/users/${first.body.id}`)).body.name).toBe('Twin');
  });

  it('refuses a customer user without organisation and a staff user with one', async () => {
    const customer = await app.request<Problem>(admin, 'POST', '/api/v1/users', { email: 'c@example.com', name: 'C', role: 'customer' });
    expect(customer.status).toBe(400);
    expect(customer.body.field).toBe('organizationId');
    const organization = await app.organization();
    const staff = await app.request<Problem>(admin, 'POST', '/api/v1/users', {
      email: 's@example.com',
      name: 'S',
      role: 'expert',
      organizationId: organization.id,
    });
    expect(staff.body.field).toBe('organizationId');
  });

  it('pages through lists with a cursor', async () => {
    for (let index = 0; index < 5; index++) await app.request(admin, 'POST', '/api/v1/organizations', { name: `Paged ${index}` });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: { id: string }[]; nextCursor: string | null } } = await app.request(
        admin,
        'GET',
        `/api/v1/organizations?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((item) => item.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBeGreaterThanOrEqual(5);
  });

  it('runs departments and company positions, refusing a customer as position holder', async () => {
    const manager = await app.user('manager');
    const vp = await app.user('manager');
    const department = await app.request<{ id: string; managerUserId: string }>(admin, 'POST', '/api/v1/departments', {
      name: 'Network Services',
      managerUserId: manager.id,
      vpInChargeUserId: vp.id,
    });
    expect(department.status).toBe(201);
    expect(department.body.managerUserId).toBe(manager.id);
    const gm = await app.user('manager');
    expect((await app.request(admin, 'PUT', '/api/v1/positions/operation-center-gm', { userId: gm.id })).status).toBe(200);
    const positions = await app.request<{ items: { position: string; userId: string | null }[] }>(admin, 'GET', '/api/v1/positions');
    expect(positions.body.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ position: 'operation-center-gm', userId: gm.id }),
        expect.objectContaining({ position: 'president', userId: null }),
      ]),
    );
    const customer = await app.user('customer');
    const refused = await app.request<Problem>(admin, 'PUT', '/api/v1/positions/president', { userId: customer.id });
    expect(refused.status).toBe(400);
    expect(refused.body.field).toBe('userId');
  });

  it('writes every change to the append-only audit log', async () => {
    const organization = await app.request<{ id: string }>(admin, 'POST', '/api/v1/organizations', { name: 'Audited Ltd' });
    await app.request(admin, 'PATCH', `/api/v1/organizations/${organization.body.id}`, { name: 'Audited Limited' });
    const log = await app.request<{
      items: { action: string; actorUserId: string; before: { name: string } | null; after: { name: string } }[];
    }>(admin, 'GET', `/api/v1/audit-log?entityType=organization&entityId=${organization.body.id}`);
    expect(log.body.items.map((entry) => entry.action)).toEqual(['organization.updated', 'organization.created']);
    expect(log.body.items[0]!.before?.name).toBe('Audited Ltd');
    expect(log.body.items[0]!.after.name).toBe('Audited Limited');
    expect(log.body.items[0]!.actorUserId).toBe(admin.id);
    await expect(app.storage.db.deleteFrom('audit_log').execute()).rejects.toThrow(/append-only/);
    await expect(app.storage.db.updateTable('audit_log').set({ action: 'x' }).execute()).rejects.toThrow(/append-only/);
  });

  it('serves health, readiness, metrics and the OpenAPI document', async () => {
    expect((await app.request(null, 'GET', '/healthz')).status).toBe(200);
    expect((await app.request<{ status: string }>(null, 'GET', '/readyz')).body.status).toBe('ready');
    const metrics = await app.request<string>(null, 'GET', '/metrics');
    expect(metrics.body).toContain('casedesk_http_request_duration_seconds');
    const openapi = await app.request<{ openapi: string; paths: Record<string, unknown> }>(null, 'GET', '/api/v1/openapi.json');
    expect(openapi.body.openapi).toMatch(/^3\./);
    expect(Object.keys(openapi.body.paths)).toContain('/api/v1/users');
    const docs = await app.inject({ method: 'GET', url: '/api/v1/docs/' });
    expect(docs.statusCode).toBe(200);
  });

  it('speaks Chinese to a caller who asks for it', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/v1/users', headers: { 'accept-language': 'zh-CN,zh;q=0.9' } });
    expect(response.json<Problem>().detail).toContain('请先登录');
  });
  it('names field errors in the language of the caller: Chinese words for a Chinese user, the schema’s English for others', async () => {
    const chinese = await app.user('admin', { language: 'zh-CN' });
    const messages = async (as: TestUser, method: 'GET' | 'POST', url: string, body?: unknown) => {
      const response = await app.request<Problem>(as, method, url, body);
      expect(response.status).toBe(400);
      return Object.fromEntries((response.body.errors ?? []).map((error) => [error.field, error.message]));
    };
    expect(await messages(chinese, 'POST', '/api/v1/organizations', { name: ' ' })).toEqual({ name: '不能为空' });
    expect(await messages(admin, 'POST', '/api/v1/organizations', { name: ' ' })).toEqual({ name: 'must not be empty' });
    expect(await messages(chinese, 'POST', '/api/v1/organizations', {})).toEqual({ name: '必填' });
    expect(await messages(chinese, 'POST', '/api/v1/organizations', { name: 'x'.repeat(201) })).toEqual({ name: '最多 200 个字符' });
    const user = await messages(chinese, 'POST', '/api/v1/users', { email: 'not-an-email', name: 'X', role: 'wizard' });
    expect(user.role).toMatch(/^必须是以下之一：admin \| manager/);
    expect(user.email).toMatch(/[\u4e00-\u9fff]/);
    expect(await messages(chinese, 'GET', '/api/v1/entitlements')).toEqual({ serial: '请提供产品序列号或客户' });
    // The detail above the form (problem+json's own text) is Chinese too.
    const detail = (await app.request<Problem>(chinese, 'POST', '/api/v1/organizations', { name: ' ' })).body.detail;
    expect(detail).toBe('name：不能为空');
  });
});
