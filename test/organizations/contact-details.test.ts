import { afterAll, beforeAll, expect, it } from 'vitest';
import { isUniqueViolation, openStorage } from '../../src/storage/db.js';
import { migrateTo, migrateToLatest } from '../../src/storage/migrate.js';
import { createTestDatabase, describeOnEachDatabase } from '../support/databases.js';
import { startCustomerWorld, type CustomerWorld, type Problem } from './customer-world.js';

interface Contact {
  id: string;
  name: string;
  roleAtCustomer: string | null;
  email: string | null;
  phone: string | null;
  secondPhone: string | null;
  secondPhoneE164: string | null;
}

interface Conflict extends Problem {
  detail?: string;
  contactId?: string;
}

describeOnEachDatabase("a contact's role at the customer, second phone, and one contact per e-mail address", (database) => {
  let world: CustomerWorld;
  beforeAll(async () => {
    world = await startCustomerWorld(database);
  });
  afterAll(() => world.app.stop());

  const contactsUrl = (of = world.organizationId) => `/api/v1/organizations/${of}/contacts`;
  const fieldOf = (problem: Problem) => problem.field ?? problem.errors?.[0]?.field;

  it('keeps the role and the second phone (read like the first) on adding, editing and reading a contact', async () => {
    const { app, secretary, customer } = world;
    const created = await app.request<Contact>(secretary, 'POST', contactsUrl(), {
      name: 'Chen Jing',
      roleAtCustomer: ' 网络管理员 ',
      phone: '021 5555 0111',
      secondPhone: '138-0013-8001',
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({
      roleAtCustomer: '网络管理员',
      phone: '+86 21 5555 0111',
      secondPhone: '+86 138 0013 8001',
      secondPhoneE164: '+8613800138001',
    });
    const stored = await app.storage.db.selectFrom('contacts').selectAll().where('id', '=', created.body.id).executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ role_at_customer: '网络管理员', second_phone: '+8613800138001' });

    const url = `${contactsUrl()}/${created.body.id}`;
    const changed = await app.request<Contact>(secretary, 'PATCH', url, {
      roleAtCustomer: 'Network administrator',
      secondPhone: '+44 20 7946 0958',
    });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect(changed.body).toMatchObject({ name: 'Chen Jing', roleAtCustomer: 'Network administrator', secondPhone: '+44 20 7946 0958' });

    // The customer reads them too.
    const listed = await app.request<{ items: Contact[] }>(customer, 'GET', contactsUrl());
    expect(listed.body.items.find((item) => item.id === created.body.id)).toMatchObject({
      roleAtCustomer: 'Network administrator',
      secondPhoneE164: '+442079460958',
    });

    // Emptied, they are none; left out, they stay.
    const cleared = await app.request<Contact>(secretary, 'PATCH', url, { roleAtCustomer: ' ', secondPhone: null });
    expect(cleared.body).toMatchObject({ roleAtCustomer: null, secondPhone: null, secondPhoneE164: null, phone: '+86 21 5555 0111' });
    const untouched = await app.request<Contact>(secretary, 'PATCH', url, { name: 'Chen Jing (IT)' });
    expect(untouched.body).toMatchObject({ roleAtCustomer: null, secondPhone: null });
  });

  it('refuses a second phone that is no number of the customer, and a role that is too long, at their fields', async () => {
    const { app, secretary } = world;
    const refusals: [Record<string, unknown>, string][] = [
      [{ secondPhone: '12345' }, 'secondPhone'],
      [{ secondPhone: 'call me' }, 'secondPhone'],
      [{ roleAtCustomer: 'x'.repeat(101) }, 'roleAtCustomer'],
    ];
    const contact = (await app.request<Contact>(secretary, 'POST', contactsUrl(), { name: 'Huang Lei' })).body;
    for (const [body, field] of refusals) {
      const added = await app.request<Problem>(secretary, 'POST', contactsUrl(), { name: 'Someone', ...body });
      expect(added.status, JSON.stringify(body)).toBe(400);
      expect(fieldOf(added.body)).toBe(field);
      const edited = await app.request<Problem>(secretary, 'PATCH', `${contactsUrl()}/${contact.id}`, body);
      expect(edited.status, JSON.stringify(body)).toBe(400);
      expect(fieldOf(edited.body)).toBe(field);
    }
  });

  it('refuses a second contact of the customer with the same e-mail address, however it is written, on adding and on editing', async () => {
    const { app, secretary, otherOrganizationId } = world;
    const first = await app.request<Contact>(secretary, 'POST', contactsUrl(), { name: 'Liu Yang', email: 'liu.yang@harbour.example' });
    expect(first.status).toBe(201);

    const again = await app.request<Conflict>(secretary, 'POST', contactsUrl(), { name: 'Yang Liu', email: ' Liu.Yang@Harbour.EXAMPLE ' });
    expect(again.status).toBe(409);
    expect(String(again.headers['content-type'])).toContain('application/problem+json');
    expect(again.body).toMatchObject({ field: 'email', contactId: first.body.id });
    expect(again.body.detail).toContain('Liu Yang');

    // Another customer may have a contact with that address.
    expect(
      (await app.request(secretary, 'POST', contactsUrl(otherOrganizationId), { name: 'Liu Yang', email: 'liu.yang@harbour.example' }))
        .status,
    ).toBe(201);

    const second = await app.request<Contact>(secretary, 'POST', contactsUrl(), { name: 'Zhou Xin', email: 'zhou.xin@harbour.example' });
    const taken = await app.request<Conflict>(secretary, 'PATCH', `${contactsUrl()}/${second.body.id}`, {
      email: 'LIU.YANG@harbour.example',
    });
    expect(taken.status).toBe(409);
    expect(taken.body.field).toBe('email');
    // A contact keeps its own address, however it is written again.
    const own = await app.request<Contact>(secretary, 'PATCH', `${contactsUrl()}/${second.body.id}`, {
      email: 'Zhou.Xin@harbour.example',
      name: 'Zhou Xin',
    });
    expect(own.status).toBe(200);

    // A retired contact still has its address: it is reactivated, not added again.
    expect((await app.request(secretary, 'POST', `${contactsUrl()}/${second.body.id}/retire`)).status).toBe(200);
    const retired = await app.request<Conflict>(secretary, 'POST', contactsUrl(), { name: 'Zhou Xin', email: 'zhou.xin@harbour.example' });
    expect(retired.status).toBe(409);
    expect(retired.body.field).toBe('email');
    expect(retired.body.detail).toContain('reactivate');

    const stored = await app.storage.db
      .selectFrom('contacts')
      .select('id')
      .where('organization_id', '=', world.organizationId)
      .where('email', 'in', ['liu.yang@harbour.example', 'zhou.xin@harbour.example'])
      .execute();
    expect(stored).toHaveLength(2);
  });

  it('adds one contact when several requests give the same new address at once; the others are told 409', async () => {
    const { app, secretary } = world;
    const answers = await Promise.all(
      Array.from({ length: 6 }, (_, index) =>
        app.request<Conflict>(secretary, 'POST', contactsUrl(), { name: `Sun Li ${index}`, email: 'sun.li@harbour.example' }),
      ),
    );
    expect(answers.map((answer) => answer.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
    for (const answer of answers.filter((one) => one.status === 409)) expect(answer.body.field).toBe('email');
  });
});

describeOnEachDatabase('contacts that shared an e-mail address before the rule', (database) => {
  it('are kept by the migration, which holds every other contact to one address per customer', async () => {
    const testDatabase = await createTestDatabase(database);
    const storage = openStorage(testDatabase.target);
    try {
      await migrateTo(storage, '0024-retired-records');
      const db = storage.db;
      const at = '2026-03-01T08:00:00.000Z';
      await db
        .insertInto('organizations')
        .values(['org-1', 'org-2'].map((id) => ({ id, name: id, code: null, notes: null, country: 'CN', created_at: at, updated_at: at })))
        .execute();
      const contact = (id: string, organizationId: string, email: string | null) => ({
        id,
        organization_id: organizationId,
        site_id: null,
        name: id,
        email,
        phone: null,
        phone_digits: null,
        language: 'en' as const,
        created_at: at,
      });
      await db
        .insertInto('contacts')
        .values([
          contact('contact-1', 'org-1', 'it@harbour.example'),
          contact('contact-2', 'org-1', 'IT@harbour.example'),
          contact('contact-3', 'org-1', 'it@harbour.example'),
          contact('contact-4', 'org-2', 'it@harbour.example'),
          contact('contact-5', 'org-1', null),
          contact('contact-6', 'org-1', null),
        ])
        .execute();

      await migrateToLatest(storage);

      expect(await db.selectFrom('contacts').select(['id', 'email']).orderBy('id').execute()).toHaveLength(6);
      // The ones kept may still be changed.
      await db.updateTable('contacts').set({ name: 'Second IT', role_at_customer: 'Deputy' }).where('id', '=', 'contact-2').execute();
      const refusal = (id: string, organizationId: string, email: string) =>
        db
          .insertInto('contacts')
          .values(contact(id, organizationId, email))
          .execute()
          .then(
            () => null,
            (error: unknown) => error,
          );
      expect(isUniqueViolation(await refusal('contact-7', 'org-1', 'It@Harbour.example'))).toBe(true);
      expect(isUniqueViolation(await refusal('contact-8', 'org-2', 'it@harbour.example'))).toBe(true);
      expect(await refusal('contact-9', 'org-2', 'other@harbour.example')).toBeNull();
      expect(await refusal('contact-10', 'org-1', 'other@harbour.example')).toBeNull();
    } finally {
      await storage.close();
      await testDatabase.drop();
    }
  });
});
