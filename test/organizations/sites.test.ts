import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeOnEachDatabase } from '../support/databases.js';
import type { TestApp, TestUser } from '../support/test-app.js';
import { startCustomerWorld, type Problem } from './customer-world.js';

interface Site {
  id: string;
  organizationId: string;
  name: string;
  address: string | null;
  accessNotes: string | null;
  hours: string | null;
}
describeOnEachDatabase('sites of a customer: address, access notes and the site’s own hours, added and changed', (database) => {
  let app: TestApp;
  let secretary: TestUser;
  let expert: TestUser;
  let customer: TestUser;
  let organizationId: string;
  let otherOrganizationId: string;

  beforeAll(async () => {
    ({ app, secretary, expert, customer, organizationId, otherOrganizationId } = await startCustomerWorld(database));
  });
  afterAll(() => app.stop());

  it('adds a site with its access notes and hours, and changes them; a cleared field is no text', async () => {
    const created = await app.request<Site>(secretary, 'POST', `/api/v1/organizations/${organizationId}/sites`, {
      name: 'Data center Pudong',
      address: '88 Century Avenue, Shanghai',
      accessNotes: 'Badge at gate 3; ask for Mr Li',
      hours: 'Mon–Fri 08:30–17:30',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      organizationId,
      name: 'Data center Pudong',
      accessNotes: 'Badge at gate 3; ask for Mr Li',
      hours: 'Mon–Fri 08:30–17:30',
    });

    const changed = await app.request<Site>(secretary, 'PATCH', `/api/v1/organizations/${organizationId}/sites/${created.body.id}`, {
      hours: '24/7',
      accessNotes: '  ',
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({
      name: 'Data center Pudong',
      address: '88 Century Avenue, Shanghai',
      hours: '24/7',
      accessNotes: null,
    });

    const listed = await app.request<{ items: Site[] }>(customer, 'GET', `/api/v1/organizations/${organizationId}/sites`);
    expect(listed.body.items).toEqual([changed.body]);
  });

  it('refuses a bad field by name, a site of another customer, and roles that do not keep customers', async () => {
    const site = (
      await app.request<Site>(secretary, 'POST', `/api/v1/organizations/${organizationId}/sites`, { name: 'Branch Nanjing Road' })
    ).body;
    const empty = await app.request<Problem>(secretary, 'PATCH', `/api/v1/organizations/${organizationId}/sites/${site.id}`, { name: ' ' });
    expect(empty.status).toBe(400);
    expect(JSON.stringify(empty.body)).toContain('name');
    const long = await app.request<Problem>(secretary, 'PATCH', `/api/v1/organizations/${organizationId}/sites/${site.id}`, {
      hours: 'x'.repeat(501),
    });
    expect(long.status).toBe(400);
    expect(JSON.stringify(long.body)).toContain('hours');
    const badId = await app.request<Problem>(secretary, 'PATCH', `/api/v1/organizations/${organizationId}/sites/not-an-id`, {
      hours: '9-5',
    });
    expect(badId.status).toBeGreaterThanOrEqual(400);
    expect(badId.status).toBeLessThan(500);

    // The site exists, but not under that customer.
    const elsewhere = await app.request<Problem>(secretary, 'PATCH', `/api/v1/organizations/${otherOrganizationId}/sites/${site.id}`, {
      hours: '9-5',
    });
    expect(elsewhere.status).toBe(404);

    expect((await app.request(expert, 'PATCH', `/api/v1/organizations/${organizationId}/sites/${site.id}`, { hours: '9-5' })).status).toBe(
      403,
    );
    expect(
      (await app.request(customer, 'PATCH', `/api/v1/organizations/${organizationId}/sites/${site.id}`, { hours: '9-5' })).status,
    ).toBe(403);
    const unchanged = await app.request<{ items: Site[] }>(secretary, 'GET', `/api/v1/organizations/${organizationId}/sites`);
    expect(unchanged.body.items.find((item) => item.id === site.id)?.hours).toBeNull();
  });
});
