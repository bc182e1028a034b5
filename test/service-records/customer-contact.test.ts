import { afterAll, beforeAll, expect, it } from 'vitest';
import { smtpTransport, type MailTransport } from '../../src/mail/transport.js';
import { deliverDueMail } from '../../src/services/notifications/deliver-outbox.js';
import { migrateTo, migrateToLatest } from '../../src/storage/migrate.js';
import { openStorage } from '../../src/storage/db.js';
import { startSmtpSink, type SmtpSink } from '../escalations/smtp-sink.js';
import { createTestDatabase, describeOnEachDatabase } from '../support/databases.js';
import { resolveCase, startServiceLoopWorld, type CaseBody, type ServiceLoopWorld } from './service-loop-world.js';

describeOnEachDatabase('a customer account is a contact of its organisation', (database) => {
  let world: ServiceLoopWorld;
  let sink: SmtpSink;
  let transport: MailTransport;
  beforeAll(async () => {
    world = await startServiceLoopWorld(database);
    sink = await startSmtpSink();
    transport = smtpTransport(sink.url);
  });
  afterAll(async () => {
    transport.close();
    await sink.close();
    await world.app.stop();
  });

  const contactsOf = (organizationId: string) =>
    world.app.storage.db.selectFrom('contacts').selectAll().where('organization_id', '=', organizationId).orderBy('id').execute();
  const userRow = (id: string) => world.app.storage.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  it('a customer created by an admin with a contact’s e-mail is that contact; a new e-mail makes a new contact', async () => {
    const before = await contactsOf(world.organization.id);
    const created = await world.app.request<{ id: string }>(world.admin, 'POST', '/api/v1/users', {
      email: 'Li.Hua@Harbour.example',
      name: 'Li Hua',
      role: 'customer',
      organizationId: world.organization.id,
      password: 'a-long-password',
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect((await userRow(created.body.id)).contact_id).toBe(world.chineseContact.id);
    expect(await contactsOf(world.organization.id)).toHaveLength(before.length);

    const fresh = await world.app.user('customer', { organizationId: world.organization.id, name: 'Nia New', language: 'zh-CN' });
    const contactId = (await userRow(fresh.id)).contact_id;
    const contacts = await contactsOf(world.organization.id);
    expect(contacts).toHaveLength(before.length + 1);
    expect(contacts.find((contact) => contact.id === contactId)).toMatchObject({
      name: 'Nia New',
      email: fresh.email,
      language: 'zh-CN',
      organization_id: world.organization.id,
    });
  });

  it('a portal case names the customer, so resolving it mails them the confirmation link and the survey', async () => {
    const customer = await world.app.user('customer', {
      organizationId: world.organization.id,
      name: 'Pat Portal',
      email: 'pat.portal@harbour.example',
    });
    const opened = await world.app.request<CaseBody & { contactId: string | null }>(customer, 'POST', '/api/v1/cases', {
      organizationId: world.organization.id,
      channel: 'portal',
      level: 3,
      title: 'VPN drops every hour',
      description: 'The site-to-site tunnel to the east data centre drops every hour.',
    });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    expect(opened.body.contactId).toBe((await userRow(customer.id)).contact_id);
    expect(opened.body.contactId).not.toBeNull();

    await world.app.request(world.secretary, 'PATCH', `/api/v1/cases/${opened.body.id}`, { assigneeId: world.engineer.id });
    await resolveCase(world, opened.body.id);
    expect(await deliverDueMail(world.app.context, { transport, from: 'CaseDesk <casedesk@example.com>' })).toMatchObject({ failed: 0 });

    const received = sink.received.filter((mail) => mail.to.includes('pat.portal@harbour.example'));
    // The outbox sends over several connections at once, so the mails may arrive in any order: the acknowledgement of
    // the logged case, then the confirmation link and the survey of the resolved one.
    expect(received).toHaveLength(3);
    expect(received.filter((mail) => mail.subject.includes('We have received your request'))).toHaveLength(1);
    const confirmation = received.find((mail) => mail.text.includes('/public/service-record-confirmations/'));
    const survey = received.find((mail) => mail.text.includes('/public/surveys/'));
    expect(confirmation?.subject).toContain(opened.body.number);
    expect(survey?.subject).toMatch(/survey/i);
  });
});

describeOnEachDatabase('customer accounts made before customers were contacts', (database) => {
  it('are linked by the migration: to the contact with their e-mail, or to a new one; the cases they opened name them', async () => {
    const testDatabase = await createTestDatabase(database);
    const storage = openStorage(testDatabase.target);
    try {
      await migrateTo(storage, '0005-service-records-and-surveys');
      const db = storage.db;
      const at = '2026-03-01T08:00:00.000Z';
      await db
        .insertInto('organizations')
        .values({ id: 'org-1', name: 'Harbour', code: null, notes: null, created_at: at, updated_at: at })
        .execute();
      await db
        .insertInto('contacts')
        .values({
          id: 'contact-1',
          organization_id: 'org-1',
          site_id: null,
          name: 'Carla',
          email: 'carla@harbour.example',
          phone: null,
          phone_digits: null,
          language: 'en',
          created_at: at,
        })
        .execute();
      const customer = (id: string, email: string, name: string) => ({
        id,
        email,
        name,
        role: 'customer' as const,
        organization_id: 'org-1',
        department_id: null,
        password_hash: null,
        language: 'zh-CN' as const,
        created_at: at,
        updated_at: at,
        disabled_at: null,
      });
      // Written as the table was before the migration: no contact column yet.
      await db
        .insertInto('users')
        .values([customer('user-carla', 'carla@harbour.example', 'Carla'), customer('user-wu', 'wu@harbour.example', 'Wu Fang')])
        .execute();
      await db
        .insertInto('escalation_policies')
        .values({ id: 'policy-1', name: 'Old', is_default: 0, current_version_id: null, created_at: at })
        .execute();
      await db
        .insertInto('escalation_policy_versions')
        .values({ id: 'version-1', policy_id: 'policy-1', version: 1, body_json: '{}', created_at: at, created_by: null })
        .execute();
      const portalCase = (id: string, createdBy: string, channel: string) => ({
        id,
        number: `C-2026-${id}`,
        organization_id: 'org-1',
        contact_id: null,
        department_id: null,
        assignee_user_id: null,
        channel,
        level: 3 as const,
        kind: 'fault',
        title: 'VPN drops',
        description: 'Every hour.',
        status: 'new' as const,
        received_at: at,
        created_at: at,
        updated_at: at,
        created_by: createdBy,
        policy_version_id: 'version-1',
        clock_counted_ms: 0,
        clock_running_since: at,
        next_escalation_due_at: null,
        escalated_at: null,
        first_response_due_at: null,
        first_responded_at: null,
        remote_authorized_at: null,
        remote_authorized_by: null,
        billing: null,
        entitlement_json: null,
        vendor_id: null,
        resolved_at: null,
        closed_at: null,
      });
      await db
        .insertInto('cases')
        .values([portalCase('000001', 'user-wu', 'portal'), portalCase('000002', 'user-carla', 'portal')])
        .execute();
      await migrateToLatest(storage);

      const users = await db.selectFrom('users').select(['id', 'contact_id']).orderBy('id').execute();
      expect(users.find((user) => user.id === 'user-carla')!.contact_id).toBe('contact-1');
      const wuContact = users.find((user) => user.id === 'user-wu')!.contact_id;
      expect(wuContact).not.toBeNull();
      expect(await db.selectFrom('contacts').selectAll().where('id', '=', wuContact!).executeTakeFirst()).toMatchObject({
        organization_id: 'org-1',
        name: 'Wu Fang',
        email: 'wu@harbour.example',
        language: 'zh-CN',
      });
      const cases = await db.selectFrom('cases').select(['id', 'contact_id']).orderBy('id').execute();
      expect(cases).toEqual([
        { id: '000001', contact_id: wuContact },
        { id: '000002', contact_id: 'contact-1' },
      ]);
    } finally {
      await storage.close();
      await testDatabase.drop();
    }
  });
});
