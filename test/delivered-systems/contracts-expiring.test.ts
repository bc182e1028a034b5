import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeOnEachDatabase } from '../support/databases.js';
import { TestApp, type TestUser } from '../support/test-app.js';

interface Contract {
  id: string;
  number: string;
  endsAt: string;
}

describeOnEachDatabase('contracts to renew: the list of contracts ending within given days', (database) => {
  let app: TestApp;
  let manager: TestUser;
  let expert: TestUser;
  let customer: TestUser;
  let organizationId: string;
  let otherOrganizationId: string;

  const contract = async (organization: string, number: string, startsAt: string, endsAt: string) => {
    const created = await app.request<Contract>(manager, 'POST', '/api/v1/contracts', {
      organizationId: organization,
      number,
      startsAt,
      endsAt,
      services: ['hotline'],
    });
    expect(created.status).toBe(201);
  };

  beforeAll(async () => {
    app = await TestApp.start(database);
    manager = await app.user('manager');
    expert = await app.user('expert');
    organizationId = (await app.organization('Harbour Bank')).id;
    otherOrganizationId = (await app.organization('Other Ltd')).id;
    customer = await app.user('customer', { organizationId });
    await contract(organizationId, 'HB-ENDED', '2025-01-01', '2026-03-01');
    await contract(organizationId, 'HB-FIRST-DAY', '2025-03-02', '2026-03-02');
    await contract(organizationId, 'HB-LAST-DAY', '2025-05-01', '2026-05-01');
    await contract(organizationId, 'HB-LATER', '2025-05-02', '2026-05-02');
    await contract(otherOrganizationId, 'OT-SOON', '2025-04-01', '2026-04-01');
  });
  afterAll(() => app.stop());

  const numbers = async (as: TestUser, query: string) => {
    const response = await app.request<{ items: Contract[] }>(as, 'GET', `/api/v1/contracts?${query}`);
    expect(response.status).toBe(200);
    return response.body.items.map((item) => item.number).sort();
  };

  it('keeps the contracts ending between the two days, both included, of every customer or of one', async () => {
    expect(await numbers(expert, 'endsFrom=2026-03-02&endsBy=2026-05-01')).toEqual(['HB-FIRST-DAY', 'HB-LAST-DAY', 'OT-SOON']);
    expect(await numbers(manager, `endsFrom=2026-03-02&endsBy=2026-05-01&organizationId=${organizationId}`)).toEqual([
      'HB-FIRST-DAY',
      'HB-LAST-DAY',
    ]);
    expect(await numbers(manager, 'endsBy=2026-03-01')).toEqual(['HB-ENDED']);
    // A customer sees only its own.
    expect(await numbers(customer, 'endsFrom=2026-03-02&endsBy=2026-05-01')).toEqual(['HB-FIRST-DAY', 'HB-LAST-DAY']);
  });

  it('names a day that is no date as the field at fault', async () => {
    const response = await app.request<{ errors?: { field: string }[] }>(manager, 'GET', '/api/v1/contracts?endsBy=2026-02-30');
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(JSON.stringify(response.body)).toContain('endsBy');
  });
});
