import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeOnEachDatabase } from '../support/databases.js';
import { TestApp, type TestUser } from '../support/test-app.js';

describeOnEachDatabase('organisation scope: a customer sees only their own organisation', (database) => {
  let app: TestApp;
  let own: { id: string };
  let other: { id: string };
  let customer: TestUser;
  let secretary: TestUser;

  beforeAll(async () => {
    app = await TestApp.start(database);
    own = await app.organization('Own Bank');
    other = await app.organization('Other Power Grid');
    customer = await app.user('customer', { organizationId: own.id });
    secretary = await app.user('secretary');
    await app.request(secretary, 'POST', `/api/v1/organizations/${other.id}/contacts`, { name: 'Secret Contact', phone: '010-1234' });
  });
  afterAll(() => app.stop());

  it('lists only the own organisation', async () => {
    const list = await app.request<{ items: { id: string }[] }>(customer, 'GET', '/api/v1/organizations');
    expect(list.body.items.map((item) => item.id)).toEqual([own.id]);
    const staffList = await app.request<{ items: { id: string }[] }>(secretary, 'GET', '/api/v1/organizations');
    expect(staffList.body.items.map((item) => item.id)).toEqual(expect.arrayContaining([own.id, other.id]));
  });

  it('hides another organisation and its contacts and sites behind 404', async () => {
    for (const url of [
      `/api/v1/organizations/${other.id}`,
      `/api/v1/organizations/${other.id}/contacts`,
      `/api/v1/organizations/${other.id}/sites`,
    ]) {
      const response = await app.request<{ status: number; detail: string }>(customer, 'GET', url);
      expect(response.status).toBe(404);
      expect(JSON.stringify(response.body)).not.toContain('Secret Contact');
    }
    expect((await app.request(customer, 'GET', `/api/v1/organizations/${own.id}`)).status).toBe(200);
  });

  it('refuses a customer changing even the own organisation', async () => {
    expect((await app.request(customer, 'PATCH', `/api/v1/organizations/${own.id}`, { name: 'Renamed' })).status).toBe(403);
  });
});

describeOnEachDatabase('finding a customer on the hotline', (database) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await TestApp.start(database);
  });
  afterAll(() => app.stop());

  it('finds the organisation by name, code, contact name, e-mail or a phone number written any way', async () => {
    const secretary = await app.user('secretary');
    const harbour = await app.request<{ id: string }>(secretary, 'POST', '/api/v1/organizations', {
      name: 'Harbour Logistics',
      code: 'HBL',
    });
    await app.request<{ id: string }>(secretary, 'POST', '/api/v1/organizations', { name: 'Northwind 100% Hospital' });
    await app.request(secretary, 'POST', `/api/v1/organizations/${harbour.body.id}/contacts`, {
      name: 'Zhou Qiang',
      email: 'it@harbour.example',
      phone: '+86 (21) 5555-0101',
    });
    const find = async (text: string) =>
      (
        await app.request<{ items: { id: string; name: string }[] }>(
          secretary,
          'GET',
          `/api/v1/organizations?text=${encodeURIComponent(text)}`,
        )
      ).body.items.map((item) => item.name);
    expect(await find('harbour')).toEqual(['Harbour Logistics']);
    expect(await find('hbl')).toEqual(['Harbour Logistics']);
    expect(await find('zhou')).toEqual(['Harbour Logistics']);
    expect(await find('IT@HARBOUR')).toEqual(['Harbour Logistics']);
    expect(await find('8621 5555 0101')).toEqual(['Harbour Logistics']);
    expect(await find('5555-0101')).toEqual(['Harbour Logistics']);
    expect(await find('021-5555 0101')).toEqual(['Harbour Logistics']);
    // The user's % is a percent sign, not a wildcard.
    expect(await find('100%')).toEqual(['Northwind 100% Hospital']);
    expect(await find('%')).toEqual(['Northwind 100% Hospital']);
    expect(await find('0000')).toEqual([]);
  });
});
