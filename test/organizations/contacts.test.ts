import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeOnEachDatabase } from '../support/databases.js';
import { startCustomerWorld, type CustomerWorld, type Problem } from './customer-world.js';

interface Contact {
  id: string;
  organizationId: string;
  siteId: string | null;
  name: string;
  email: string | null;
  phone: string | null;
  phoneE164: string | null;
  language: string;
  can: { edit: boolean; retire: boolean; exportPersonalData: boolean; erasePersonalData: boolean };
}

describeOnEachDatabase('editing a contact of a customer: name, phone, e-mail, language', (database) => {
  let world: CustomerWorld;
  beforeAll(async () => {
    world = await startCustomerWorld(database);
  });
  afterAll(() => world.app.stop());

  const contactsUrl = (of = world.organizationId) => `/api/v1/organizations/${of}/contacts`;
  const addContact = async (name: string, fields: Record<string, unknown> = {}) => {
    const created = await world.app.request<Contact>(world.secretary, 'POST', contactsUrl(), { name, ...fields });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body;
  };

  it('changes the fields given, reads the phone as on creating, and writes an audit entry before → after', async () => {
    const { app, secretary, customer, organizationId } = world;
    const contact = await addContact('Li Wei', { phone: '021-5555-0101', email: 'li.wei@harbour.example', language: 'zh-CN' });
    // A secretary keeps contacts; their personal data is the admins' to export or erase.
    expect(contact.can).toEqual({ edit: true, retire: true, exportPersonalData: false, erasePersonalData: false });

    const changed = await app.request<Contact>(secretary, 'PATCH', `${contactsUrl()}/${contact.id}`, {
      name: ' Li Wei (IT) ',
      phone: '138 0013 8000',
      email: ' Wei.Li@Harbour.Example ',
      language: 'en',
    });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect(changed.body).toMatchObject({
      id: contact.id,
      organizationId,
      name: 'Li Wei (IT)',
      phone: '+86 138 0013 8000',
      phoneE164: '+8613800138000',
      email: 'wei.li@harbour.example',
      language: 'en',
      can: { edit: true, retire: true },
    });
    const stored = await app.storage.db.selectFrom('contacts').selectAll().where('id', '=', contact.id).executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ phone: '+8613800138000', phone_digits: '8613800138000' });

    // Only what is given changes; a cleared phone or e-mail is none.
    const cleared = await app.request<Contact>(secretary, 'PATCH', `${contactsUrl()}/${contact.id}`, { phone: ' ', email: null });
    expect(cleared.status).toBe(200);
    expect(cleared.body).toMatchObject({ name: 'Li Wei (IT)', phone: null, phoneE164: null, email: null, language: 'en' });

    const audit = await app.storage.db
      .selectFrom('audit_log')
      .select(['action', 'actor_user_id', 'before_json', 'after_json'])
      .where('entity_id', '=', organizationId)
      .where('action', '=', 'contact.updated')
      .orderBy('id')
      .execute();
    expect(audit).toHaveLength(2);
    expect(audit[0]!.actor_user_id).toBe(secretary.id);
    expect(JSON.parse(audit[0]!.before_json!)).toMatchObject({ id: contact.id, name: 'Li Wei', phone: '+862155550101', language: 'zh-CN' });
    expect(JSON.parse(audit[0]!.after_json!)).toMatchObject({
      id: contact.id,
      name: 'Li Wei (IT)',
      phone: '+8613800138000',
      language: 'en',
    });

    // An empty change changes and audits nothing.
    const nothing = await app.request<Contact>(secretary, 'PATCH', `${contactsUrl()}/${contact.id}`, {});
    expect(nothing.status).toBe(200);
    expect(nothing.body).toEqual(cleared.body);

    const listed = await app.request<{ items: Contact[] }>(customer, 'GET', contactsUrl());
    expect(listed.body.items.find((item) => item.id === contact.id)).toMatchObject({
      name: 'Li Wei (IT)',
      can: { edit: false, retire: false },
    });
  });

  it('refuses a bad field by name, a contact of another customer, and roles that do not keep customers', async () => {
    const { app, secretary, expert, customer, otherOrganizationId } = world;
    const contact = await addContact('Zhang Min', { email: 'zhang.min@harbour.example' });
    const url = `${contactsUrl()}/${contact.id}`;
    const fieldOf = (problem: Problem) => problem.field ?? problem.errors?.[0]?.field;

    const refusals: [Record<string, unknown>, string][] = [
      [{ name: ' ' }, 'name'],
      [{ email: 'not-an-address' }, 'email'],
      [{ phone: '12345' }, 'phone'],
      [{ language: 'fr' }, 'language'],
      [{ siteId: contact.id }, 'siteId'],
    ];
    for (const [body, field] of refusals) {
      const refused = await app.request<Problem>(secretary, 'PATCH', url, body);
      expect(refused.status, JSON.stringify(body)).toBe(400);
      expect(fieldOf(refused.body)).toBe(field);
    }

    // The contact exists, but not under that customer; and an unknown contact is not found either.
    const elsewhere = await app.request<Problem>(secretary, 'PATCH', `${contactsUrl(otherOrganizationId)}/${contact.id}`, { name: 'X' });
    expect(elsewhere.status).toBe(404);
    const unknown = await app.request<Problem>(secretary, 'PATCH', `${contactsUrl()}/${otherOrganizationId}`, { name: 'X' });
    expect(unknown.status).toBe(404);

    expect((await app.request(expert, 'PATCH', url, { name: 'X' })).status).toBe(403);
    expect((await app.request(customer, 'PATCH', url, { name: 'X' })).status).toBe(403);
    const unchanged = await app.request<{ items: Contact[] }>(secretary, 'GET', contactsUrl());
    expect(unchanged.body.items.find((item) => item.id === contact.id)).toMatchObject({
      name: 'Zhang Min',
      email: 'zhang.min@harbour.example',
      phone: null,
    });
  });
});
