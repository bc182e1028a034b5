import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeOnEachDatabase } from '../support/databases.js';
import { TestApp, type TestUser } from '../support/test-app.js';

interface Problem {
  status: number;
  field?: string;
  errors?: { field: string; in?: string; message: string }[];
}

describeOnEachDatabase('a NUL character in any text is a 400 naming the field', (database) => {
  let app: TestApp;
  let admin: TestUser;
  let customer: TestUser;
  beforeAll(async () => {
    app = await TestApp.start(database);
    admin = await app.user('admin');
    customer = await app.user('customer');
  });
  afterAll(() => app.stop());

  it('in a body field, top-level or nested, and nothing changes', async () => {
    const renamed = await app.request<Problem>(customer, 'PATCH', '/api/v1/me', { name: 'a\u0000b' });
    expect(renamed.status).toBe(400);
    expect(renamed.headers['content-type']).toContain('application/problem+json');
    expect(renamed.body.field).toBe('name');
    expect(renamed.body.errors?.[0]).toMatchObject({ field: 'name', in: 'body' });
    const me = await app.request<{ user: { name: string } }>(customer, 'GET', '/api/v1/sessions/current');
    expect(me.body.user.name).toBe('Test customer');

    const organization = await app.organization();
    const vendor = await app.request<{ id: string }>(admin, 'POST', '/api/v1/vendors', {
      name: 'Vendor NUL',
      supportCenter: { name: 'Support', phone: '+86 10 1234 5678', email: 'support@vendor.example' },
    });
    expect(vendor.status).toBe(201);
    const project = await app.request<Problem>(admin, 'POST', '/api/v1/projects', {
      organizationId: organization.id,
      name: 'Core network',
      deliveredAt: '2026-01-05',
      guaranteeEndsAt: '2029-01-04',
      items: [
        { vendorId: vendor.body.id, model: 'ok', serialNumber: 'SN-NUL-1' },
        { vendorId: vendor.body.id, model: 'x\u0000', serialNumber: 'SN-NUL-2' },
      ],
    });
    expect(project.status).toBe(400);
    expect(project.body.field).toBe('items.1.model');
  });

  it('in a query string, for staff and customers alike', async () => {
    for (const user of [admin, customer]) {
      const search = await app.request<Problem>(user, 'GET', '/api/v1/cases?text=%00');
      expect(search.status).toBe(400);
      expect(search.body.field).toBe('text');
      expect(search.body.errors?.[0]?.in).toBe('querystring');
    }
    const users = await app.request<Problem>(admin, 'GET', '/api/v1/users?cursor=a%00b');
    expect(users.status).toBe(400);
    expect(users.body.field).toBe('cursor');
  });

  it('in a path parameter and in the user agent kept with a public answer', async () => {
    const project = await app.request<Problem>(admin, 'GET', '/api/v1/projects/a%00b');
    expect(project.status).toBe(400);
    expect(project.body.field).toBe('id');
    const confirmation = await app.inject({
      method: 'POST',
      url: '/public/service-record-confirmations/some-token',
      headers: { 'user-agent': 'Agent\u0000' },
      payload: {},
    });
    expect(confirmation.statusCode).toBe(400);
    expect(confirmation.json<Problem>().field).toBe('user-agent');
  });
});
