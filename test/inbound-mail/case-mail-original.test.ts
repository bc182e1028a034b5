import nodemailer from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/domain/access/roles.js';
import { startInboundSmtp, type InboundSmtpListener } from '../../src/jobs/inbound-smtp-listener.js';
import { describeOnEachDatabase } from '../support/databases.js';
import { TestApp, type TestUser } from '../support/test-app.js';

const SUPPORT = 'support@casedesk.test';
const quiet = { info: () => {}, error: () => {}, debug: () => {} };

interface Entry {
  id: string;
  kind: string;
  author: string;
  actorName: string | null;
  data: Record<string, unknown>;
  attachments: { fileName: string }[];
  originalMailId: string | null;
}

interface Original {
  id: string;
  caseId: string;
  from: string;
  fromName: string | null;
  to: string | null;
  date: string | null;
  subject: string;
  text: string;
  html: string | null;
  attachments: { fileName: string; sizeBytes: number }[];
}

describeOnEachDatabase('a case from mail: its conversation, the original mails, the level it starts at', (database) => {
  let app: TestApp;
  let admin: TestUser;
  let secretary: TestUser;
  let staff: Record<Exclude<Role, 'customer'>, TestUser>;
  let sender: TestUser;
  let colleague: TestUser;
  let stranger: TestUser;
  let acme: { id: string };
  let departmentId: string;
  let listener: InboundSmtpListener;
  let mailer: nodemailer.Transporter<SMTPTransport.SentMessageInfo>;
  let serial = 0;

  beforeAll(async () => {
    app = await TestApp.start(database);
    admin = await app.user('admin');
    secretary = await app.user('secretary', { name: 'Sara Secretary' });
    staff = {
      admin,
      manager: await app.user('manager'),
      secretary,
      expert: await app.user('expert'),
      executive: await app.user('executive'),
    };
    const department = await app.request<{ id: string }>(admin, 'POST', '/api/v1/departments', { name: 'Network Service' });
    expect(department.status).toBe(201);
    departmentId = department.body.id;
    acme = await app.organization('Acme Steel');
    const contact = await app.request(admin, 'POST', `/api/v1/organizations/${acme.id}/contacts`, {
      name: 'Li Wei',
      email: 'li.wei@acme.test',
    });
    expect(contact.status).toBe(201);
    // The sender has a portal account with the address the mails come from; a colleague of hers has another.
    sender = await app.user('customer', { organizationId: acme.id, email: 'li.wei@acme.test', name: 'Li Wei' });
    colleague = await app.user('customer', { organizationId: acme.id });
    stranger = await app.user('customer');
    listener = await startInboundSmtp(app.context, {
      port: 0,
      host: '127.0.0.1',
      addresses: [SUPPORT],
      maxBytes: 200_000,
      ownAddresses: [SUPPORT, 'casedesk@casedesk.test'],
      log: quiet,
    });
    mailer = nodemailer.createTransport({ host: '127.0.0.1', port: listener.port, secure: false, ignoreTLS: true });
  });
  afterAll(async () => {
    mailer?.close();
    await listener?.stop();
    await app?.stop();
  });

  const send = (mail: nodemailer.SendMailOptions) =>
    mailer.sendMail({ to: SUPPORT, messageId: `<o${++serial}.${Date.now()}@acme.test>`, ...mail });
  const inbound = (messageId: string) =>
    app.storage.db.selectFrom('inbound_mail').selectAll().where('message_id', '=', messageId).executeTakeFirstOrThrow();
  const timeline = async (caseId: string, as: TestUser) => {
    const response = await app.request<{ items: Entry[] }>(as, 'GET', `/api/v1/cases/${caseId}/timeline`);
    expect(response.status).toBe(200);
    return response.body.items;
  };
  const levelOf = async (caseId: string) =>
    (await app.storage.db.selectFrom('cases').select('level').where('id', '=', caseId).executeTakeFirstOrThrow()).level;

  describe('the level a mailed-in case starts at', () => {
    it('is 3 until the admin sets another; the setting is validated, naming the field, and only the admin sets it', async () => {
      const read = await app.request<{ mailCaseLevel: number; hotlineNumber: string | null }>(
        secretary,
        'GET',
        '/api/v1/service-desk-settings',
      );
      expect(read.body).toEqual({ hotlineNumber: null, mailCaseLevel: 3 });
      const first = await send({ from: 'li.wei@acme.test', subject: 'Level before', text: 'Nothing set yet.' });
      expect(await levelOf((await inbound(first.messageId)).case_id!)).toBe(3);

      for (const bad of [0, 5, 2.5, '2']) {
        const refused = await app.request<{ errors: { field: string }[] }>(admin, 'PUT', '/api/v1/service-desk-settings', {
          mailCaseLevel: bad,
        });
        expect(refused.status, JSON.stringify(bad)).toBe(400);
        expect(refused.body.errors.map((error) => error.field)).toEqual(['mailCaseLevel']);
      }
      expect((await app.request(staff.manager, 'PUT', '/api/v1/service-desk-settings', { mailCaseLevel: 1 })).status).toBe(403);

      const set = await app.request(admin, 'PUT', '/api/v1/service-desk-settings', { mailCaseLevel: 2 });
      expect(set).toMatchObject({ status: 200, body: { mailCaseLevel: 2, hotlineNumber: null } });
      // The hotline number is left as it was by a request that does not name it, and the other way round.
      const hotline = await app.request(admin, 'PUT', '/api/v1/service-desk-settings', { hotlineNumber: '+86 21 5555 0100' });
      expect(hotline).toMatchObject({ status: 200, body: { mailCaseLevel: 2, hotlineNumber: '+86 21 5555 0100' } });

      const second = await send({ from: 'li.wei@acme.test', subject: 'Level after', text: 'The admin set level 2.' });
      const caseId = (await inbound(second.messageId)).case_id!;
      expect(await levelOf(caseId)).toBe(2);
      const created = (await timeline(caseId, secretary)).find((entry) => entry.kind === 'case.created')!;
      expect(created.data).toMatchObject({ level: 2, channel: 'email' });

      // A mail staff sort by hand becomes a case at the same level.
      const unknown = await send({ from: 'someone.new@acme.test', subject: 'Sorted by hand', text: 'Who am I?' });
      const unmatched = await inbound(unknown.messageId);
      expect(unmatched.status).toBe('unmatched');
      const assigned = await app.request<{ caseId: string }>(secretary, 'POST', `/api/v1/inbound-mail/${unmatched.id}/assign`, {
        organizationId: acme.id,
        newContact: { name: 'Someone New' },
      });
      expect(assigned.status, JSON.stringify(assigned.body)).toBe(200);
      expect(await levelOf(assigned.body.caseId)).toBe(2);

      const audit = await app.storage.db.selectFrom('audit_log').selectAll().where('action', '=', 'settings.mail-case-level').execute();
      expect(audit.map((row) => [JSON.parse(row.before_json ?? '{}'), JSON.parse(row.after_json ?? '{}')])).toEqual([
        [{ mailCaseLevel: 3 }, { mailCaseLevel: 2 }],
      ]);
      expect((await app.request(admin, 'PUT', '/api/v1/service-desk-settings', { mailCaseLevel: 3 })).status).toBe(200);
    });
  });

  describe('the conversation of a mailed-in case', () => {
    let caseId: string;
    let openingMailId: string;
    let replyMailId: string;
    let strangersCaseMailId: string;
    const LONG_TAIL = 'Kind regards,\nLi Wei\nAcme Steel, plant 2';

    beforeAll(async () => {
      const opened = await send({
        from: 'Li Wei <li.wei@acme.test>',
        subject: 'Core switch reboots',
        text: `The core switch reboots every hour since 9:00.\n\n${LONG_TAIL}`,
        html: '<p>The core switch reboots every hour since 9:00.</p><script>alert(1)</script>',
        attachments: [{ filename: 'switch.log', content: Buffer.from('reboot reason: watchdog\n'.repeat(50)) }],
      });
      const openingMail = await inbound(opened.messageId);
      caseId = openingMail.case_id!;
      openingMailId = openingMail.id;
      const number = (await app.request<{ number: string }>(secretary, 'GET', `/api/v1/cases/${caseId}`)).body.number;
      const reply = await send({
        from: 'li.wei@acme.test',
        subject: `Re: [${number}] Core switch reboots`,
        text: 'It rebooted again at 11:00.\n\nOn Tue, Support <support@casedesk.test> wrote:\n> Please send the log.',
      });
      const replyMail = await inbound(reply.messageId);
      expect(replyMail).toMatchObject({ status: 'replied', case_id: caseId });
      replyMailId = replyMail.id;
      // A mail of another case of the same customer, from someone else.
      const other = await send({ from: 'someone.new@acme.test', subject: 'Another matter', text: 'Unrelated.' });
      strangersCaseMailId = (await inbound(other.messageId)).id;
    });

    it('starts with the description as a message from the contact, with the mail’s files, before "Case logged"', async () => {
      const entries = await timeline(caseId, staff.expert);
      expect(entries.map((entry) => entry.kind).slice(0, 2)).toEqual(['case.description', 'case.created']);
      const [description, created] = entries;
      expect(description).toMatchObject({
        author: 'customer',
        actorName: 'Li Wei',
        data: { via: 'email', loggedBy: null, from: 'li.wei@acme.test' },
        originalMailId: openingMailId,
      });
      expect(description!.data.body).toContain('The core switch reboots every hour since 9:00.');
      expect(description!.attachments.map((file) => file.fileName)).toEqual(['switch.log']);
      // The files are the description's now, not listed twice.
      expect(created!.attachments).toEqual([]);
      // The reply is trimmed in the conversation; its original is one click away.
      const reply = entries.find((entry) => entry.kind === 'case.note')!;
      expect(reply.data.body).toBe('It rebooted again at 11:00.');
      expect(reply.originalMailId).toBe(replyMailId);
    });

    it('opens the original of a trimmed reply with its whole text and headers; the HTML is the sanitised one; files listed', async () => {
      const reply = await app.request<Original>(staff.expert, 'GET', `/api/v1/cases/${caseId}/mails/${replyMailId}`);
      expect(reply.status, JSON.stringify(reply.body)).toBe(200);
      expect(reply.body).toMatchObject({ id: replyMailId, caseId, from: 'li.wei@acme.test', to: SUPPORT, attachments: [] });
      expect(reply.body.text).toContain('> Please send the log.');
      expect(reply.body.subject).toMatch(/^Re: \[C-\d{4}-\d+\] Core switch reboots$/);
      expect(reply.body.date).toMatch(/\d{4} \d\d:\d\d:\d\d/);

      const opening = await app.request<Original>(staff.expert, 'GET', `/api/v1/cases/${caseId}/mails/${openingMailId}`);
      expect(opening.status).toBe(200);
      expect(opening.body).toMatchObject({ fromName: 'Li Wei', subject: 'Core switch reboots' });
      expect(opening.body.text).toContain(LONG_TAIL);
      expect(opening.body.html).toContain('The core switch reboots every hour');
      expect(opening.body.html).not.toContain('<script');
      expect(opening.body.attachments).toEqual([{ fileName: 'switch.log', sizeBytes: 50 * 'reboot reason: watchdog\n'.length }]);
    });

    it('who may open an original: staff who read the internal timeline, the customer who sent it, nobody else', async () => {
      const url = (mailId: string) => `/api/v1/cases/${caseId}/mails/${mailId}`;
      const table: [string, TestUser, string, number][] = [
        ...Object.entries(staff).map(([role, user]): [string, TestUser, string, number] => [role, user, replyMailId, 200]),
        ['customer who sent it', sender, replyMailId, 200],
        ['customer who sent it, the opening mail', sender, openingMailId, 200],
        ['colleague of the same customer', colleague, replyMailId, 404],
        ['customer of another organisation', stranger, replyMailId, 404],
        ['admin, a mail of another case', admin, strangersCaseMailId, 404],
        ['expert, a mail that does not exist', staff.expert, 'no-such-mail', 404],
      ];
      const outcomes = [];
      for (const [who, user, mailId] of table) outcomes.push([who, (await app.request(user, 'GET', url(mailId))).status]);
      expect(outcomes).toEqual(table.map(([who, , , status]) => [who, status]));
      expect((await app.request(null, 'GET', url(replyMailId))).status).toBe(401);
      const tooLong = await app.request<{ errors: { field: string }[] }>(admin, 'GET', url('x'.repeat(65)));
      expect(tooLong.status).toBe(400);
      expect(tooLong.body.errors.map((error) => error.field)).toEqual(['mailId']);
    });

    it('the timeline offers each reader only the originals they may open', async () => {
      const offered = async (as: TestUser) =>
        (await timeline(caseId, as)).filter((entry) => entry.originalMailId).map((entry) => [entry.kind, entry.originalMailId]);
      const all = [
        ['case.description', openingMailId],
        ['case.note', replyMailId],
      ];
      expect(await offered(staff.executive)).toEqual(all);
      expect(await offered(sender)).toEqual(all);
      expect(await offered(colleague)).toEqual([]);
      // The colleague still reads the description and the reply.
      expect((await timeline(caseId, colleague)).map((entry) => entry.kind).slice(0, 2)).toEqual(['case.description', 'case.created']);
    });
  });

  describe('the description of a case logged otherwise', () => {
    it('at the hotline: the contact’s words, logged by the secretary; in the portal: the customer’s own', async () => {
      const contacts = await app.request<{ items: { id: string; name: string }[] }>(
        admin,
        'GET',
        `/api/v1/organizations/${acme.id}/contacts`,
      );
      const liWei = contacts.body.items.find((contact) => contact.name === 'Li Wei')!;
      const called = await app.request<{ id: string }>(secretary, 'POST', '/api/v1/cases', {
        organizationId: acme.id,
        contactId: liWei.id,
        departmentId,
        channel: 'hotline',
        level: 2,
        title: 'Called about the UPS',
        description: 'The UPS in hall 3 beeps.',
      });
      expect(called.status, JSON.stringify(called.body)).toBe(201);
      const [hotline] = await timeline(called.body.id, staff.expert);
      expect(hotline).toMatchObject({
        kind: 'case.description',
        author: 'customer',
        actorName: 'Li Wei',
        originalMailId: null,
        data: { body: 'The UPS in hall 3 beeps.', via: 'hotline', loggedBy: 'Sara Secretary' },
      });

      const written = await app.request<{ id: string }>(colleague, 'POST', '/api/v1/cases', {
        organizationId: acme.id,
        channel: 'portal',
        level: 4,
        title: 'Question about invoices',
        description: 'Which contract covers hall 3?',
      });
      expect(written.status, JSON.stringify(written.body)).toBe(201);
      const [portal] = await timeline(written.body.id, colleague);
      expect(portal).toMatchObject({
        kind: 'case.description',
        author: 'customer',
        actorName: 'Test customer',
        originalMailId: null,
        data: { body: 'Which contract covers hall 3?', via: 'portal', loggedBy: null },
      });
    });
  });
});
