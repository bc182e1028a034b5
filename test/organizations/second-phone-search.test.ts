import { afterAll, beforeAll, expect, it } from 'vitest';
import { openStorage } from '../../src/storage/db.js';
import { migrateTo, migrateToLatest } from '../../src/storage/migrate.js';
import { createTestDatabase, describeOnEachDatabase } from '../support/databases.js';
import { TestApp, type TestUser } from '../support/test-app.js';

/** The hotline finds a caller by a contact's second phone as by the first: the whole number however said, or a part. */
describeOnEachDatabase("the hotline's search by a contact's second phone", (database) => {
  let app: TestApp;
  let secretary: TestUser;
  let harbourId: string;
  let tidewaterId: string;

  const found = async (text: string) =>
    (
      await app.request<{ items: { id: string }[] }>(secretary, 'GET', `/api/v1/organizations?limit=50&text=${encodeURIComponent(text)}`)
    ).body.items.map((item) => item.id);

  beforeAll(async () => {
    app = await TestApp.start(database);
    secretary = await app.user('secretary');
    harbourId = (await app.organization('Harbour Bank')).id;
    tidewaterId = (await app.organization('Tidewater Port')).id;
    await app.organization('Quiet Ltd');
  });
  afterAll(() => app.stop());

  it('finds a contact added or edited with a second phone by the whole number, however written, and by a part of it', async () => {
    const added = await app.request<{ id: string }>(secretary, 'POST', `/api/v1/organizations/${harbourId}/contacts`, {
      name: 'Chen Jing',
      phone: '021 5555 0111',
      secondPhone: '138-0013-8001',
    });
    expect(added.status).toBe(201);
    for (const text of ['13800138001', '+86 138 0013 8001', '0086 138-0013-8001', '138 0013 8001', '0013 8001', '3800138']) {
      expect({ text, found: await found(text) }).toEqual({ text, found: [harbourId] });
    }
    // The first phone is still found, and a number nobody has finds nobody.
    expect(await found('021-5555 0111')).toEqual([harbourId]);
    expect(await found('139 0000 9999')).toEqual([]);

    // Edited: the new second number is found, the old one no longer.
    const changed = await app.request(secretary, 'PATCH', `/api/v1/organizations/${harbourId}/contacts/${added.body.id}`, {
      secondPhone: '+44 20 7946 0958',
    });
    expect(changed.status).toBe(200);
    expect(await found('+44 (0)20 7946-0958')).toEqual([harbourId]);
    expect(await found('7946 0958')).toEqual([harbourId]);
    expect(await found('138 0013 8001')).toEqual([]);
    // Cleared: not found by it any more.
    await app.request(secretary, 'PATCH', `/api/v1/organizations/${harbourId}/contacts/${added.body.id}`, { secondPhone: null });
    expect(await found('7946 0958')).toEqual([]);
  });

  it('finds a contact imported from a CSV file by its second phone', async () => {
    const imported = await app.inject({
      method: 'POST',
      url: '/api/v1/imports/contacts',
      headers: { ...secretary.headers, 'content-type': 'text/csv' },
      payload: 'organization,name,phone,second_phone\nTidewater Port,Ma Lin,021 5555 0103,186 2100 4455\n',
    });
    expect(imported.statusCode, imported.body).toBe(201);
    expect(await found('18621004455')).toEqual([tidewaterId]);
    expect(await found('186-2100-4455')).toEqual([tidewaterId]);
    expect(await found('2100 445')).toEqual([tidewaterId]);
  });
});

describeOnEachDatabase('contacts on record when the second phone became searchable', (database) => {
  it('get the digits of their second phone from the migration, for the search', async () => {
    const testDatabase = await createTestDatabase(database);
    const storage = openStorage(testDatabase.target);
    try {
      await migrateTo(storage, '0025-contact-roles-and-second-phones');
      const at = '2026-03-01T08:00:00.000Z';
      await storage.db
        .insertInto('organizations')
        .values({ id: 'org-1', name: 'Harbour Bank', code: null, notes: null, country: 'CN', created_at: at, updated_at: at })
        .execute();
      const contact = (id: string, secondPhone: string | null) => ({
        id,
        organization_id: 'org-1',
        site_id: null,
        name: id,
        email: null,
        phone: null,
        phone_digits: null,
        second_phone: secondPhone,
        language: 'en' as const,
        created_at: at,
      });
      await storage.db
        .insertInto('contacts')
        .values([contact('contact-1', '+8613800138001'), contact('contact-2', null)])
        .execute();

      await migrateToLatest(storage);

      expect(await storage.db.selectFrom('contacts').select(['id', 'second_phone_digits']).orderBy('id').execute()).toEqual([
        { id: 'contact-1', second_phone_digits: '8613800138001' },
        { id: 'contact-2', second_phone_digits: null },
      ]);
    } finally {
      await storage.close();
      await testDatabase.drop();
    }
  });
});
