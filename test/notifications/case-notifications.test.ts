import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PREFERENCES } from '../../src/domain/notifications/notification-kinds.js';
import type { InboundMessage } from '../../src/mail/inbound-message.js';
import { smtpTransport, type MailTransport } from '../../src/mail/transport.js';
import { updateCase } from '../../src/services/cases/update-case.js';
import type { ServiceContext } from '../../src/services/context.js';
import { receiveInboundMail } from '../../src/services/inbound-mail/receive-inbound-mail.js';
import { deliverDueMail } from '../../src/services/notifications/deliver-outbox.js';
import type { Storage } from '../../src/storage/db.js';
import { startSmtpSink, type ReceivedMail, type SmtpSink } from '../escalations/smtp-sink.js';
import { logCase, resolveCase, type ServiceLoopWorld, startServiceLoopWorld } from '../service-records/service-loop-world.js';
import { describeOnEachDatabase } from '../support/databases.js';
import type { TestUser } from '../support/test-app.js';

interface Told {
  kind: string;
  title: string;
  body: string;
  link: string | null;
}

describeOnEachDatabase('notifications of case events: the right people, in the app and by mail, as each chose', (database) => {
  let world: ServiceLoopWorld;
  let sink: SmtpSink;
  let transport: MailTransport;
  /** An engineer of the department who reads Chinese. */
  let zhEngineer: TestUser;

  beforeAll(async () => {
    world = await startServiceLoopWorld(database);
    sink = await startSmtpSink();
    transport = smtpTransport(sink.url);
    zhEngineer = await world.app.user('expert', { name: '王工', language: 'zh-CN' });
    for (const user of [world.engineer, world.otherEngineer, zhEngineer]) {
      const moved = await world.app.request(world.admin, 'PATCH', `/api/v1/users/${user.id}`, { departmentId: world.department.id });
      expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    }
  });
  afterAll(async () => {
    transport.close();
    await sink.close();
    await world.app.stop();
  });

  const deliver = async (context: ServiceContext = world.app.context) => {
    const result = await deliverDueMail(context, { transport, from: 'CaseDesk <casedesk@example.com>', caseReplyTo: null });
    expect(result.failed).toBe(0);
  };
  const toldOf = async (user: TestUser, caseId: string): Promise<Told[]> =>
    world.app.storage.db
      .selectFrom('notifications')
      .select(['kind', 'title', 'body', 'link'])
      .where('user_id', '=', user.id)
      .where('case_id', '=', caseId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
  const mailsTo = (user: TestUser, number: string): ReceivedMail[] =>
    sink.received.filter((mail) => mail.to.includes(user.email) && mail.subject.includes(number));
  const ackOf = (number: string): ReceivedMail =>
    sink.received.find((mail) => mail.to.includes(world.contact.email) && mail.subject.includes(number))!;
  const setPreferences = async (user: TestUser, preferences: Record<string, Record<string, boolean>>) => {
    const put = await world.app.request(user, 'PUT', '/api/v1/me/notification-preferences', { preferences });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
  };

  it('a case logged with an assignee tells the assignee (app and mail, in the thread of the case), never the secretary who logged it', async () => {
    const opened = await logCase(world, { title: 'Core switch drops packets' });
    await deliver();
    expect(await toldOf(world.engineer, opened.id)).toEqual([
      {
        kind: 'case-assigned',
        title: `${opened.number} assigned to you: Core switch drops packets`,
        body: world.organization.name,
        link: `/cases/${opened.id}`,
      },
    ]);
    expect(await toldOf(world.secretary, opened.id)).toEqual([]);
    const [mail, ...more] = mailsTo(world.engineer, opened.number);
    expect(more).toHaveLength(0);
    expect(mail!.subject).toBe(`[${opened.number}] Assigned to you: Core switch drops packets`);
    expect(mail!.text).toContain(`http://casedesk.test/cases/${opened.id}`);
    expect(mail!.text).toContain('http://casedesk.test/account');
    // The secretary who logged it is named: her name came with her session, not from a read of its own.
    expect(mail!.text).toContain(`Test secretary assigned case ${opened.number} to you.`);
    // One thread per case: the mail answers the case's first mail, the contact's acknowledgement.
    expect(mail!.inReplyTo).toBe(ackOf(opened.number).messageId);
    expect(mail!.references).toEqual([ackOf(opened.number).messageId]);
    expect(mailsTo(world.secretary, opened.number)).toHaveLength(0);
  });

  it('reassigning tells the new assignee, not the manager who did it; taking a case oneself tells nobody', async () => {
    const opened = await logCase(world, { title: 'Firewall licence expired' });
    const moved = await world.app.request(world.manager, 'PATCH', `/api/v1/cases/${opened.id}`, { assigneeId: world.otherEngineer.id });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    await deliver();
    expect((await toldOf(world.otherEngineer, opened.id)).map((told) => told.kind)).toEqual(['case-assigned']);
    expect(await toldOf(world.manager, opened.id)).toEqual([]);
    const [mail] = mailsTo(world.otherEngineer, opened.number);
    expect(mail!.text).toContain('Mia Manager assigned case');
    expect(mail!.inReplyTo).toBe(ackOf(opened.number).messageId);

    const taken = await world.app.request(world.engineer, 'PATCH', `/api/v1/cases/${opened.id}`, { assigneeId: world.engineer.id });
    expect(taken.status, JSON.stringify(taken.body)).toBe(200);
    // Only the intake's notice: the engineer took it back themselves.
    expect((await toldOf(world.engineer, opened.id)).map((told) => told.kind)).toEqual(['case-assigned']);
  });

  it("a new unassigned case reaches the department's secretaries and engineers in their language (the mail for whoever turned it on), not the manager", async () => {
    await setPreferences(zhEngineer, { 'new-unassigned-case': { email: true } });
    const intake = await world.app.user('secretary', { name: 'Sue Intake' });
    const response = await world.app.request<{ id: string; number: string }>(intake, 'POST', '/api/v1/cases', {
      organizationId: world.organization.id,
      contactId: world.contact.id,
      departmentId: world.department.id,
      channel: 'hotline',
      level: 2,
      title: 'Storage array degraded',
      description: 'Two disks report errors.',
    });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    const opened = response.body;
    await deliver();
    for (const user of [world.engineer, world.otherEngineer, world.secretary])
      expect((await toldOf(user, opened.id)).map((told) => told.kind)).toEqual(['new-unassigned-case']);
    expect(await toldOf(zhEngineer, opened.id)).toEqual([
      expect.objectContaining({
        kind: 'new-unassigned-case',
        title: `Network Services 有新的未分派工单 ${opened.number}：Storage array degraded`,
      }),
    ]);
    expect(await toldOf(intake, opened.id)).toEqual([]);
    expect(await toldOf(world.manager, opened.id)).toEqual([]);
    // By mail only to the one who asked for it (the default is the app alone), threaded on the acknowledgement.
    expect(mailsTo(world.engineer, opened.number)).toHaveLength(0);
    const [mail, ...more] = mailsTo(zhEngineer, opened.number);
    expect(more).toHaveLength(0);
    expect(mail!.subject).toBe(`[${opened.number}] Network Services 有新的未分派工单：Storage array degraded`);
    expect(mail!.text).toContain('王工，您好');
    expect(mail!.inReplyTo).toBe(ackOf(opened.number).messageId);
  });

  it('a customer reply in the portal reaches the assignee with its words; the customer is not told of their own reply', async () => {
    const opened = await logCase(world, { title: 'VPN tunnel flaps' });
    const reply = await world.app.request(world.customer, 'POST', `/api/v1/cases/${opened.id}/notes`, {
      body: 'It dropped again at 09:12.',
      visibility: 'public',
    });
    expect(reply.status, JSON.stringify(reply.body)).toBe(204);
    await deliver();
    const told = await toldOf(world.engineer, opened.id);
    expect(told.map((entry) => entry.kind)).toEqual(['case-assigned', 'customer-replied']);
    expect(told[1]).toMatchObject({ title: `${opened.number}: Carla Contact replied (portal)`, body: 'It dropped again at 09:12.' });
    expect(await toldOf(world.customer, opened.id)).toEqual([]);
    const replyMail = mailsTo(world.engineer, opened.number).find((mail) => mail.subject.includes('replied'))!;
    expect(replyMail.text).toContain('It dropped again at 09:12.');
    // It answers the engineer's own earlier mail of this case: one conversation per case in their mail program.
    const assignedMail = mailsTo(world.engineer, opened.number).find((mail) => mail.subject.includes('Assigned to you'))!;
    expect(replyMail.inReplyTo).toBe(assignedMail.messageId);
  });

  it("a customer's e-mail reply to a case nobody has yet reaches its department", async () => {
    const response = await world.app.request<{ id: string; number: string }>(world.manager, 'POST', '/api/v1/cases', {
      organizationId: world.organization.id,
      contactId: world.contact.id,
      departmentId: world.department.id,
      channel: 'email',
      level: 3,
      title: 'Printer queue stuck',
      description: 'Jobs stay queued.',
    });
    expect(response.status).toBe(201);
    const opened = response.body;
    const message: InboundMessage = {
      messageId: `<reply-${opened.id}@harbour.example>`,
      fromAddress: world.contact.email,
      fromName: 'Carla Contact',
      subject: `Re: [${opened.number}] We have received your request`,
      inReplyTo: null,
      references: [],
      attachments: [],
      text: 'Still stuck this morning.',
      html: null,
      loop: { autoSubmitted: null, precedence: null, autoReplyHeader: false },
      isDeliveryReport: false,
      reportedMessageIds: [],
    };
    const outcome = await receiveInboundMail(world.app.context, message, 'raw', { to: 'support@casedesk.example' }, { ownAddresses: [] });
    expect(outcome).toMatchObject({ caseId: opened.id });
    for (const user of [world.engineer, world.otherEngineer, zhEngineer, world.secretary]) {
      const told = await toldOf(user, opened.id);
      expect(told.map((entry) => entry.kind)).toEqual(['new-unassigned-case', 'customer-replied']);
    }
    expect((await toldOf(world.engineer, opened.id))[1]).toMatchObject({ title: `${opened.number}: Carla Contact replied (e-mail)` });
    expect(await toldOf(world.manager, opened.id)).toEqual([]);
    await deliver();
    expect(mailsTo(world.engineer, opened.number).map((mail) => mail.subject)).toEqual([
      `[${opened.number}] Carla Contact replied (e-mail)`,
    ]);
  });

  it('reopening tells the assignee, not the customer who reopened; an engineer who turned it off hears nothing', async () => {
    const opened = await logCase(world, { title: 'Wi-Fi controller reboots', assigneeId: world.otherEngineer.id });
    await resolveCase(world, opened.id);
    const reopened = await world.app.request(world.customer, 'POST', `/api/v1/cases/${opened.id}/transitions`, { to: 'in_progress' });
    expect(reopened.status, JSON.stringify(reopened.body)).toBe(200);
    await deliver();
    expect((await toldOf(world.otherEngineer, opened.id)).map((told) => told.kind)).toEqual(['case-assigned', 'case-reopened']);
    expect(mailsTo(world.otherEngineer, opened.number).map((mail) => mail.subject)).toContain(
      `[${opened.number}] Reopened: Wi-Fi controller reboots`,
    );
    expect(await toldOf(world.customer, opened.id)).toEqual([]);

    await setPreferences(world.otherEngineer, { 'case-reopened': { inApp: false, email: false } });
    await resolveCase(world, opened.id);
    const before = mailsTo(world.otherEngineer, opened.number).length;
    expect((await world.app.request(world.customer, 'POST', `/api/v1/cases/${opened.id}/transitions`, { to: 'in_progress' })).status).toBe(
      200,
    );
    await deliver();
    expect((await toldOf(world.otherEngineer, opened.id)).map((told) => told.kind)).toEqual(['case-assigned', 'case-reopened']);
    expect(mailsTo(world.otherEngineer, opened.number)).toHaveLength(before);
  });

  it("a customer's mail reopening a resolved case is told to the assignee in the customer's name", async () => {
    const opened = await logCase(world, { title: 'Core switch reboots', assigneeId: world.engineer.id });
    await resolveCase(world, opened.id);
    const message: InboundMessage = {
      messageId: `<reopen-${opened.id}@harbour.example>`,
      fromAddress: world.contact.email,
      fromName: 'Carla Contact',
      subject: `Re: [${opened.number}] Please confirm the service record`,
      inReplyTo: null,
      references: [],
      attachments: [],
      text: 'It rebooted again at 14:20.',
      html: null,
      loop: { autoSubmitted: null, precedence: null, autoReplyHeader: false },
      isDeliveryReport: false,
      reportedMessageIds: [],
    };
    const outcome = await receiveInboundMail(world.app.context, message, 'raw', { to: 'support@casedesk.example' }, { ownAddresses: [] });
    expect(outcome).toMatchObject({ caseId: opened.id });
    await deliver();
    const reopenedMail = mailsTo(world.engineer, opened.number).find((mail) => mail.subject.includes('Reopened'))!;
    // The mail is no user: the contact who wrote is who reopened it.
    expect(reopenedMail.text).toContain(`Carla Contact reopened case ${opened.number}.`);
  });

  it('an engineer who turned assignment mail off is told in the app only', async () => {
    await setPreferences(world.engineer, { 'case-assigned': { email: false } });
    const opened = await logCase(world, { title: 'UPS on battery' });
    await deliver();
    expect((await toldOf(world.engineer, opened.id)).map((told) => told.kind)).toEqual(['case-assigned']);
    expect(mailsTo(world.engineer, opened.number)).toHaveLength(0);
    await setPreferences(world.engineer, { 'case-assigned': { email: true } });
  });

  describe('preferences', () => {
    it('start from the defaults: everything in the app, e-mail for what is addressed to the user personally', async () => {
      const user = await world.app.user('executive');
      const read = await world.app.request<{ preferences: Record<string, { inApp: boolean; email: boolean }> }>(
        user,
        'GET',
        '/api/v1/me/notification-preferences',
      );
      expect(read.status).toBe(200);
      // The defaults themselves are the domain's (its unit test names them).
      expect(read.body.preferences).toEqual(DEFAULT_PREFERENCES);
      const put = await world.app.request<{ preferences: Record<string, { inApp: boolean; email: boolean }> }>(
        user,
        'PUT',
        '/api/v1/me/notification-preferences',
        { preferences: { escalation: { email: false } } },
      );
      expect(put.body.preferences.escalation).toEqual({ inApp: true, email: false });
      expect(put.body.preferences['case-assigned']).toEqual({ inApp: true, email: true });
    });

    it.each([
      [{ preferences: { 'case-assigned': { email: 'yes' } } }, 'preferences.case-assigned.email', 'boolean'],
      [{ preferences: { birthdays: { email: true } } }, 'preferences', 'birthdays'],
      [{ preferences: { escalation: { sms: true } } }, 'preferences.escalation', 'sms'],
      [{}, 'preferences', ''],
    ])('a bad body is refused naming the field: %j → %s', async (body, field, named) => {
      const response = await world.app.request<{ errors: { field: string; message: string }[] }>(
        world.engineer,
        'PUT',
        '/api/v1/me/notification-preferences',
        body,
      );
      expect(response.status).toBe(400);
      const error = response.body.errors.find((candidate) => candidate.field === field);
      expect(error, JSON.stringify(response.body)).toBeDefined();
      expect(error!.message).toContain(named);
    });

    it("are staff members' own: a customer has none to set", async () => {
      expect((await world.app.request(world.customer, 'GET', '/api/v1/me/notification-preferences')).status).toBe(403);
      expect((await world.app.request(null, 'GET', '/api/v1/me/notification-preferences')).status).toBe(401);
    });
  });

  describe.skipIf(database !== 'postgres')('two instances on one database', () => {
    let second: Storage;
    let secondContext: ServiceContext;
    beforeAll(async () => {
      second = await world.app.database.open();
      secondContext = { ...world.app.context, storage: second };
    });
    afterAll(async () => {
      await second?.close();
    });

    it('the same assignment made on both at once tells the assignee once, and both senders send one mail', async () => {
      const opened = await logCase(world, { title: 'Router CPU high', assigneeId: world.engineer.id });
      const manager = { userId: world.manager.id, role: 'manager' as const, organizationId: null };
      const results = await Promise.allSettled(
        [world.app.context, secondContext, world.app.context, secondContext].map((context) =>
          updateCase(context, manager, opened.id, { assigneeId: world.otherEngineer.id }),
        ),
      );
      expect(results.every((result) => result.status === 'fulfilled')).toBe(true);
      await Promise.all([deliver(world.app.context), deliver(secondContext)]);
      expect((await toldOf(world.otherEngineer, opened.id)).map((told) => told.kind)).toEqual(['case-assigned']);
      expect(mailsTo(world.otherEngineer, opened.number)).toHaveLength(1);
    });
  });
});
