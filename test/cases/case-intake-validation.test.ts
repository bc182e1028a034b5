import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeOnEachDatabase } from '../support/databases.js';
import { TestApp } from '../support/test-app.js';

interface Problem {
  status: number;
  field?: string;
  detail: string;
}

describeOnEachDatabase('case intake: every bad input is a 4xx naming the field, and nothing is stored', (database) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await TestApp.start(database);
  });
  afterAll(() => app.stop());

  it('names the unknown organisation, department, contact or assignee and stores no case', async () => {
    const secretary = await app.user('secretary');
    const customer = await app.user('customer');
    const admin = await app.user('admin');
    // The company's first department becomes its default servicing department.
    expect((await app.request(admin, 'POST', '/api/v1/departments', { name: 'Network Service' })).status).toBe(201);
    const organization = await app.organization();
    const other = await app.organization();
    const contact = await app.request<{ id: string }>(secretary, 'POST', `/api/v1/organizations/${other.id}/contacts`, {
      name: 'Someone else',
    });
    const missing = '01900000-0000-7000-8000-000000000000';
    const base = { organizationId: organization.id, channel: 'hotline', level: 2, title: 'VPN down', description: '' };
    const attempts: [Record<string, unknown>, number, string | undefined][] = [
      [{ ...base, organizationId: missing }, 404, undefined],
      [{ ...base, departmentId: missing }, 400, 'departmentId'],
      [{ ...base, contactId: contact.body.id }, 400, 'contactId'],
      [{ ...base, assigneeId: customer.id }, 400, 'assigneeId'],
      [{ ...base, level: 5 }, 400, 'level'],
      [{ ...base, channel: 'pigeon' }, 400, 'channel'],
      [{ ...base, title: '   ' }, 400, 'title'],
      [{ ...base, receivedAt: 'yesterday' }, 400, 'receivedAt'],
    ];
    for (const [body, status, field] of attempts) {
      const response = await app.request<Problem>(secretary, 'POST', '/api/v1/cases', body);
      expect({ body, status: response.status, type: response.headers['content-type'] }).toMatchObject({
        body,
        status,
        type: expect.stringContaining('application/problem+json'),
      });
      if (field) expect(JSON.stringify(response.body)).toContain(field);
    }
    expect(await app.storage.db.selectFrom('cases').select('id').execute()).toEqual([]);
    // The same body with good references goes in, numbered as the first case of the year.
    const created = await app.request<{ number: string }>(secretary, 'POST', '/api/v1/cases', base);
    expect(created.status).toBe(201);
    expect(created.body.number).toMatch(/^C-\d{4}-000001$/);
  });

  it('a customer cannot backdate a case: a received-at from the portal is refused, and the case is received when it arrives', async () => {
    const customer = await app.user('customer');
    const longAgo = new Date(Date.now() - 48 * 3_600_000).toISOString();
    const body = { organizationId: customer.organizationId, channel: 'portal', level: 1, title: 'Core switch down', description: '' };
    const before = await app.storage.db.selectFrom('cases').select('id').execute();

    const refused = await app.request<Problem>(customer, 'POST', '/api/v1/cases', { ...body, receivedAt: longAgo });
    expect(refused.status).toBe(400);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.body.field).toBe('receivedAt');
    expect(await app.storage.db.selectFrom('cases').select('id').execute()).toEqual(before);
    expect(await app.storage.db.selectFrom('escalation_steps').select('id').where('status', '=', 'fired').execute()).toEqual([]);

    const sentAt = Date.now();
    const created = await app.request<{ id: string; receivedAt: string }>(customer, 'POST', '/api/v1/cases', body);
    expect(created.status).toBe(201);
    expect(Date.parse(created.body.receivedAt)).toBeGreaterThanOrEqual(sentAt - 1000);
    expect(await app.storage.db.selectFrom('escalation_steps').select('id').where('status', '=', 'fired').execute()).toEqual([]);
  });
});
