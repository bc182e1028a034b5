import { afterAll, beforeAll, expect, it } from 'vitest';
import type { InboundMessage } from '../../src/mail/inbound-message.js';
import { receiveInboundMail } from '../../src/services/inbound-mail/receive-inbound-mail.js';
import { addContact } from '../../src/services/organizations/manage-organizations.js';
import { describeOnEachDatabase } from '../support/databases.js';
import { logCase, mailsOf, resolveCase, startServiceLoopWorld, type ServiceLoopWorld } from '../service-records/service-loop-world.js';

interface Retirable {
  id: string;
  name: string;
  retired: boolean;
  retiredAt: string | null;
  retiredBy: string | null;
}
interface Problem {
  status: number;
  detail: string;
  field?: string;
  openCases?: number;
}

describeOnEachDatabase('retiring and reactivating customers, contacts and sites', (database) => {
  let world: ServiceLoopWorld;
  beforeAll(async () => {
    world = await startServiceLoopWorld(database);
  });
  afterAll(() => world.app.stop());

  const base = () => `/api/v1/organizations/${world.organization.id}`;
  /** A call logged at the hotline that the intake is expected to refuse. */
  const refusedIntake = (fields: { contactId?: string }) =>
    world.app.request<Problem>(world.secretary, 'POST', '/api/v1/cases', {
      organizationId: world.organization.id,
      departmentId: world.department.id,
      channel: 'hotline',
      level: 3,
      title: 'Not to be logged',
      description: 'x',
      ...fields,
    });
  const auditActions = async (entityId: string) =>
    (
      await world.app.storage.db
        .selectFrom('audit_log')
        .select(['action', 'before_json', 'after_json'])
        .where('entity_id', '=', entityId)
        .orderBy('id')
        .execute()
    ).filter((row) => /\.(retired|reactivated)$/.test(row.action));

  it('a retired contact stays on the customer page (tagged), is left out when asked for active ones, and comes back', async () => {
    const contact = await addContact(world.app.context, { userId: 'system', role: 'admin', organizationId: null }, world.organization.id, {
      name: 'Rita Retiring',
      email: 'rita@harbour.example',
    });
    const retired = await world.app.request<Retirable>(world.secretary, 'POST', `${base()}/contacts/${contact.id}/retire`);
    expect(retired.status, JSON.stringify(retired.body)).toBe(200);
    expect(retired.body).toMatchObject({ id: contact.id, retired: true, retiredBy: world.secretary.id });
    expect(retired.body.retiredAt).toBe('2026-03-02T08:00:00.000Z');

    const all = await world.app.request<{ items: Retirable[] }>(world.customer, 'GET', `${base()}/contacts`);
    expect(all.body.items.find((item) => item.id === contact.id)).toMatchObject({ retired: true });
    const active = await world.app.request<{ items: Retirable[] }>(world.secretary, 'GET', `${base()}/contacts?retired=exclude`);
    expect(active.body.items.map((item) => item.id)).not.toContain(contact.id);
    expect(active.body.items.map((item) => item.id)).toContain(world.contact.id);
    const only = await world.app.request<{ items: Retirable[] }>(world.secretary, 'GET', `${base()}/contacts?retired=only`);
    expect(only.body.items.map((item) => item.id)).toEqual([contact.id]);
    const bad = await world.app.request<Problem>(world.secretary, 'GET', `${base()}/contacts?retired=maybe`);
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('retired');

    // Asking twice changes nothing and writes nothing more.
    expect((await world.app.request(world.secretary, 'POST', `${base()}/contacts/${contact.id}/retire`)).status).toBe(200);
    const back = await world.app.request<Retirable>(world.manager, 'POST', `${base()}/contacts/${contact.id}/reactivate`);
    expect(back.body).toMatchObject({ retired: false, retiredAt: null, retiredBy: null });

    const audit = (await auditActions(world.organization.id)).filter((row) => row.action.startsWith('contact.'));
    expect(audit.map((row) => row.action)).toEqual(['contact.retired', 'contact.reactivated']);
    expect(JSON.parse(audit[0]!.before_json!)).toMatchObject({ id: contact.id, retired_at: null });
    expect(JSON.parse(audit[0]!.after_json!)).toMatchObject({ id: contact.id, retired_by: world.secretary.id });
  });

  it('only the editors retire: an engineer and a customer are refused; another customer’s contact is not found', async () => {
    for (const who of [world.engineer, world.customer]) {
      expect((await world.app.request(who, 'POST', `${base()}/contacts/${world.contact.id}/retire`)).status).toBe(403);
      expect((await world.app.request(who, 'POST', `${base()}/retire`)).status).toBe(403);
    }
    const elsewhere = await world.app.request(
      world.secretary,
      'POST',
      `/api/v1/organizations/${world.otherOrganization.id}/contacts/${world.contact.id}/retire`,
    );
    expect(elsewhere.status).toBe(404);
  });

  it('a retired contact cannot be chosen for a new case, keeps the old ones, and is sent no mail any more', async () => {
    const old = await logCase(world, { title: 'Before the contact left' });
    expect(await mailsOf(world, 'case-acknowledgement', old.id)).toHaveLength(1);
    expect((await world.app.request(world.secretary, 'POST', `${base()}/contacts/${world.contact.id}/retire`)).status).toBe(200);

    const refused = await refusedIntake({ contactId: world.contact.id });
    expect(refused.status).toBe(400);
    expect(refused.body.field).toBe('contactId');
    expect(refused.body.detail).toContain('Carla Contact');

    const kept = await world.app.request<{ contactId: string }>(world.secretary, 'GET', `/api/v1/cases/${old.id}`);
    expect(kept.body.contactId).toBe(world.contact.id);
    // A public reply on the old case goes to nobody: the contact was its only recipient.
    const note = await world.app.request(world.engineer, 'POST', `/api/v1/cases/${old.id}/notes`, { body: 'Fixed.', visibility: 'public' });
    expect(note.status).toBe(204);
    expect(await mailsOf(world, 'case-reply', old.id)).toHaveLength(0);

    // A customer account whose contact is retired still logs a case in the portal, but hears nothing by mail.
    const user = await world.app.storage.db
      .selectFrom('users')
      .select('contact_id')
      .where('id', '=', world.customer.id)
      .executeTakeFirstOrThrow();
    expect((await world.app.request(world.secretary, 'POST', `${base()}/contacts/${user.contact_id}/retire`)).status).toBe(200);
    const portal = await world.app.request<{ id: string }>(world.customer, 'POST', '/api/v1/cases', {
      organizationId: world.organization.id,
      channel: 'portal',
      level: 4,
      title: 'Portal case of a retired contact',
      description: 'x',
    });
    expect(portal.status, JSON.stringify(portal.body)).toBe(201);
    expect(await mailsOf(world, 'case-acknowledgement', portal.body.id)).toHaveLength(0);

    await resolveCase(world, old.id);
    for (const id of [world.contact.id, user.contact_id!]) {
      expect((await world.app.request(world.secretary, 'POST', `${base()}/contacts/${id}/reactivate`)).status).toBe(200);
    }
    const again = await logCase(world, { title: 'The contact is back' });
    expect(await mailsOf(world, 'case-acknowledgement', again.id)).toHaveLength(1);
  });

  it('mail from a retired contact is left for staff (unmatched), and opens a case again once they are reactivated', async () => {
    const mail = (messageId: string): InboundMessage => ({
      messageId,
      fromAddress: world.chineseContact.email,
      fromName: '李华',
      subject: 'Printer offline',
      inReplyTo: null,
      references: [],
      attachments: [],
      text: 'The printer on floor 3 is offline.',
      html: null,
      loop: { autoSubmitted: null, precedence: null, autoReplyHeader: false },
      isDeliveryReport: false,
      reportedMessageIds: [],
    });
    const receive = (messageId: string) =>
      receiveInboundMail(world.app.context, mail(messageId), 'raw', { to: 'support@casedesk.example' }, { ownAddresses: [] });
    const path = `${base()}/contacts/${world.chineseContact.id}`;
    expect((await world.app.request(world.secretary, 'POST', `${path}/retire`)).status).toBe(200);
    expect(await receive('<retired-1@harbour.example>')).toMatchObject({ status: 'unmatched', caseId: null });
    const stored = await world.app.storage.db
      .selectFrom('inbound_mail')
      .select('reason')
      .where('message_id', '=', '<retired-1@harbour.example>')
      .executeTakeFirstOrThrow();
    expect(stored.reason).toBe('retired-sender');
    expect((await world.app.request(world.secretary, 'POST', `${path}/reactivate`)).status).toBe(200);
    const opened = await receive('<active-1@harbour.example>');
    expect(opened.caseId).not.toBeNull();
    await resolveCase(world, opened.caseId!);
  });

  it('a retired site is not chosen for a new product or visit, and is one again once reactivated', async () => {
    const retired = await world.app.request<Retirable>(world.secretary, 'POST', `${base()}/sites/${world.site.id}/retire`);
    expect(retired.body).toMatchObject({ retired: true });
    const vendor = await world.app.request<{ id: string }>(world.admin, 'POST', '/api/v1/vendors', {
      name: 'Retire Test Vendor',
      supportCenter: { name: 'Vendor TAC' },
    });
    expect(vendor.status, JSON.stringify(vendor.body)).toBe(201);
    const product = {
      organizationId: world.organization.id,
      vendorId: vendor.body.id,
      model: 'ISR 4331',
      serialNumber: 'RET-SITE-0001',
      site: 'Data centre East',
    };
    const refused = await world.app.request<Problem>(world.secretary, 'POST', '/api/v1/assets', product);
    expect(refused.status).toBe(400);
    expect(refused.body.field).toBe('site');
    expect((await world.app.request(world.secretary, 'POST', `${base()}/sites/${world.site.id}/reactivate`)).status).toBe(200);
    const created = await world.app.request(world.secretary, 'POST', '/api/v1/assets', product);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
  });

  it('a customer with open cases is not retired (409 with the count); once they are resolved it is, and takes no new case', async () => {
    const open = await world.app.request<{ items: { id: string; status: string }[] }>(
      world.secretary,
      'GET',
      `/api/v1/cases?organizationId=${world.organization.id}&limit=100`,
    );
    const openIds = open.body.items.filter((item) => !['resolved', 'confirmed', 'closed'].includes(item.status)).map((item) => item.id);
    expect(openIds.length).toBeGreaterThan(0);

    const refused = await world.app.request<Problem>(world.secretary, 'POST', `${base()}/retire`);
    expect(refused.status).toBe(409);
    expect(refused.body.openCases).toBe(openIds.length);
    expect(refused.body.detail).toContain(`${openIds.length} open case(s)`);
    expect(refused.body.detail).toContain('Harbour Power Grid');

    for (const id of openIds) await resolveCase(world, id);
    const retired = await world.app.request<Retirable>(world.secretary, 'POST', `${base()}/retire`);
    expect(retired.status, JSON.stringify(retired.body)).toBe(200);
    expect(retired.body).toMatchObject({ retired: true, retiredBy: world.secretary.id });

    const listed = async (query: string) =>
      (await world.app.request<{ items: Retirable[] }>(world.secretary, 'GET', `/api/v1/organizations?limit=200${query}`)).body.items.map(
        (item) => item.id,
      );
    expect(await listed('')).not.toContain(world.organization.id);
    expect(await listed('&retired=include')).toContain(world.organization.id);
    expect(await listed('&retired=only')).toEqual([world.organization.id]);
    // Its own page still opens.
    expect((await world.app.request(world.secretary, 'GET', base())).status).toBe(200);

    const intake = await refusedIntake({});
    expect(intake.status).toBe(400);
    expect(intake.body.field).toBe('organizationId');
    expect(intake.body.detail).toContain('Harbour Power Grid is retired');

    const back = await world.app.request<Retirable>(world.manager, 'POST', `${base()}/reactivate`);
    expect(back.body).toMatchObject({ retired: false });
    await logCase(world, { title: 'Customer is back' });
    expect(
      (await auditActions(world.organization.id)).map((row) => row.action).filter((action) => action.startsWith('organization.')),
    ).toEqual(['organization.retired', 'organization.reactivated']);
  });
});
