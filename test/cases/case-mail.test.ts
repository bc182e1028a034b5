import { afterAll, beforeAll, expect, it } from 'vitest';
import { smtpTransport, type MailTransport } from '../../src/mail/transport.js';
import { addContact } from '../../src/services/organizations/manage-organizations.js';
import { deliverDueMail } from '../../src/services/notifications/deliver-outbox.js';
import { MAX_REFERENCES } from '../../src/services/notifications/enqueue-mail.js';
import { startSmtpSink, type ReceivedMail, type SmtpSink } from '../escalations/smtp-sink.js';
import { describeOnEachDatabase } from '../support/databases.js';
import { logCase, mailsOf, startServiceLoopWorld, type CaseBody, type ServiceLoopWorld } from '../service-records/service-loop-world.js';

const INBOUND = 'support@casedesk.example';
const HOTLINE = '+86 21 5555 0100';

describeOnEachDatabase('mail to the customer of a case: acknowledgement, public replies, one thread', (database) => {
  let world: ServiceLoopWorld;
  let sink: SmtpSink;
  let transport: MailTransport;
  beforeAll(async () => {
    world = await startServiceLoopWorld(database);
    sink = await startSmtpSink();
    transport = smtpTransport(sink.url);
    const set = await world.app.request(world.admin, 'PUT', '/api/v1/service-desk-settings', { hotlineNumber: HOTLINE });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
  });
  afterAll(async () => {
    transport.close();
    await sink.close();
    await world.app.stop();
  });

  const deliver = async (caseReplyTo: string | null = INBOUND) => {
    const result = await deliverDueMail(world.app.context, { transport, from: 'CaseDesk <casedesk@example.com>', caseReplyTo });
    expect(result.failed).toBe(0);
  };
  const mailsTo = (address: string, number: string): ReceivedMail[] =>
    sink.received.filter((mail) => mail.to.includes(address) && mail.subject.includes(number));

  it('the admin sets the hotline number; everyone signed in reads it; a number that is none is refused naming the field', async () => {
    const read = await world.app.request<{ hotlineNumber: string | null }>(world.customer, 'GET', '/api/v1/service-desk-settings');
    expect(read).toMatchObject({ status: 200, body: { hotlineNumber: HOTLINE } });
    const bad = await world.app.request<{ errors: { field: string }[] }>(world.admin, 'PUT', '/api/v1/service-desk-settings', {
      hotlineNumber: 'call Carla',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((error) => error.field)).toEqual(['hotlineNumber']);
    expect((await world.app.request(world.manager, 'PUT', '/api/v1/service-desk-settings', { hotlineNumber: '110' })).status).toBe(403);
  });

  it('a case logged at the hotline acknowledges its contact: number, level in words, what happens next, hotline; no portal link without an account', async () => {
    const opened = await logCase(world, { title: 'Core switch drops packets' });
    await deliver();
    const [ack, ...more] = mailsTo(world.contact.email, opened.number);
    expect(more).toHaveLength(0);
    expect(ack!.subject).toBe(`[${opened.number}] We have received your request: Core switch drops packets`);
    expect(ack!.text).toContain(`We have logged your request as case ${opened.number}`);
    expect(ack!.text).toContain('Level 3: light effect on performance, most business normal.');
    expect(ack!.text).toContain('our engineer helps you by phone first');
    // Received Monday 08:00 UTC; the default calendar runs in UTC.
    expect(ack!.text).toMatch(/You will hear from us by 2026-03-0\d \d\d:\d\d UTC\+00:00 at the latest\./);
    expect(ack!.text).toContain(`call our hotline: ${HOTLINE}`);
    // Carla has no portal account: a portal link would lead her to a sign-in she cannot pass.
    expect(ack!.text).not.toContain('/cases/');
    expect(ack!.text).not.toContain('customer portal');
    expect(ack!.replyTo).toBe(INBOUND);
    // The case's first mail starts its thread.
    expect(ack!.inReplyTo).toBeUndefined();
    expect(await mailsOf(world, 'case-acknowledgement', opened.id)).toHaveLength(1);
  });

  it('a portal case acknowledges the customer who logged it, in their language', async () => {
    const customer = await world.app.user('customer', {
      organizationId: world.organization.id,
      name: '王芳',
      email: 'wang.fang@harbour.example',
      language: 'zh-CN',
    });
    const opened = await world.app.request<CaseBody>(customer, 'POST', '/api/v1/cases', {
      organizationId: world.organization.id,
      channel: 'portal',
      level: 1,
      title: '核心交换机宕机',
      description: '整个数据中心断网。',
    });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    await deliver();
    const [ack, ...more] = mailsTo('wang.fang@harbour.example', opened.body.number);
    expect(more).toHaveLength(0);
    expect(ack!.subject).toBe(`[${opened.body.number}] 我们已收到您的服务请求：核心交换机宕机`);
    expect(ack!.text).toContain(`您的请求已登记为工单 ${opened.body.number}`);
    expect(ack!.text).toContain('级别 1：当前系统停机，或对业务造成重大影响。');
    expect(ack!.text).toContain('同时安排上门服务');
    expect(ack!.text).toContain(`服务热线：${HOTLINE}`);
    expect(ack!.text).toContain(`http://casedesk.test/cases/${opened.body.id}`);
  });

  it('a customer who switches their portal to Chinese gets the mail of their next case in Chinese', async () => {
    const customer = await world.app.user('customer', {
      organizationId: world.organization.id,
      name: 'Li Lei',
      email: 'li.lei@harbour.example',
      language: 'en',
    });
    // The language switch in the portal's header saves the account's language.
    const switched = await world.app.request(customer, 'PATCH', '/api/v1/me', { language: 'zh-CN' });
    expect(switched.status, JSON.stringify(switched.body)).toBe(200);
    const opened = await world.app.request<CaseBody>(customer, 'POST', '/api/v1/cases', {
      organizationId: world.organization.id,
      channel: 'portal',
      level: 3,
      title: '风扇告警',
      description: 'NWX0001 报风扇告警。',
    });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    await deliver();
    const [ack] = mailsTo('li.lei@harbour.example', opened.body.number);
    expect(ack!.subject).toBe(`[${opened.body.number}] 我们已收到您的服务请求：风扇告警`);
  });

  it('a case whose contact has no e-mail address is logged without any mail', async () => {
    const phoneOnly = await addContact(
      world.app.context,
      { userId: 'system', role: 'admin', organizationId: null },
      world.organization.id,
      {
        name: 'Pete Phone',
        phone: '+86 21 5555 0199',
        language: 'en',
      },
    );
    const opened = await logCase(world, { contactId: phoneOnly.id });
    // Nothing to the customer; the engineer it was assigned to hears of it (recipient_user_id is staff mail).
    const toCustomer = world.app.storage.db.selectFrom('outbox_messages').select('id').where('recipient_user_id', 'is', null);
    expect(await toCustomer.where('case_id', '=', opened.id).execute()).toEqual([]);
  });

  it('public replies reach the contact and the CC addresses, threaded per recipient; internal notes send nothing', async () => {
    const opened = await logCase(world, { title: 'Firewall rejects VPN' });
    const badCc = await world.app.request<{ errors: { field: string }[] }>(world.secretary, 'PATCH', `/api/v1/cases/${opened.id}`, {
      ccAddresses: ['it-lead@harbour.example', 'not an address'],
    });
    expect(badCc.status).toBe(400);
    expect(badCc.body.errors.map((error) => error.field)).toEqual(['ccAddresses.1']);
    const cc = await world.app.request<{ ccAddresses: string[] }>(world.secretary, 'PATCH', `/api/v1/cases/${opened.id}`, {
      ccAddresses: ['it-lead@harbour.example'],
    });
    expect(cc.status, JSON.stringify(cc.body)).toBe(200);
    expect(cc.body.ccAddresses).toEqual(['it-lead@harbour.example']);
    await deliver();

    const note = (body: string, visibility: 'public' | 'internal') =>
      world.app.request(world.engineer, 'POST', `/api/v1/cases/${opened.id}/notes`, { body, visibility });
    expect((await note('Please send us the firewall log of this morning.', 'public')).status).toBe(204);
    await deliver();
    expect((await note('Customer runs an unsupported firmware; do not tell them yet.', 'internal')).status).toBe(204);
    await deliver();
    expect(await mailsOf(world, 'case-reply', opened.id)).toHaveLength(2);
    expect((await note('The new rule is in place; please try the VPN again.', 'public')).status).toBe(204);
    await deliver();

    const everything = sink.received.filter((mail) => mail.subject.includes(opened.number));
    expect(everything.some((mail) => mail.text.includes('unsupported firmware'))).toBe(false);

    const toContact = mailsTo(world.contact.email, opened.number);
    expect(toContact).toHaveLength(3);
    const [ack, first, second] = toContact;
    expect(ack!.subject).toContain('We have received your request');
    expect(first!.subject).toBe(`[${opened.number}] New reply on your case: Firewall rejects VPN`);
    expect(first!.text).toContain(`Eli Engineer replied on case ${opened.number}`);
    expect(first!.text).toContain('Please send us the firewall log of this morning.');
    expect(first!.text).not.toContain('/cases/');
    expect(second!.text).toContain('The new rule is in place');
    for (const mail of toContact) expect(mail.replyTo).toBe(INBOUND);
    // One thread: each mail answers the previous one to the same address and references the whole chain.
    expect(new Set(toContact.map((mail) => mail.messageId)).size).toBe(3);
    expect(first!.inReplyTo).toBe(ack!.messageId);
    expect(first!.references).toEqual([ack!.messageId]);
    expect(second!.inReplyTo).toBe(first!.messageId);
    expect(second!.references).toEqual([ack!.messageId, first!.messageId]);

    // The CC address had no mail before the first reply, so that one answers the case's first mail.
    const toCc = mailsTo('it-lead@harbour.example', opened.number);
    expect(toCc).toHaveLength(2);
    expect(toCc[0]!.text).toContain('Please send us the firewall log');
    expect(toCc[0]!.text).toContain('Dear customer,');
    expect(toCc[0]!.text).not.toContain('/cases/');
    expect(toCc[0]!.inReplyTo).toBe(ack!.messageId);
    expect(toCc[1]!.inReplyTo).toBe(toCc[0]!.messageId);
    expect(toCc[1]!.references).toEqual([ack!.messageId, toCc[0]!.messageId]);
  });

  it('a long conversation keeps References short: the thread’s first mail and the latest ones', async () => {
    const opened = await logCase(world, { title: 'Chatty case' });
    for (let reply = 1; reply <= MAX_REFERENCES + 3; reply++) {
      const response = await world.app.request(world.engineer, 'POST', `/api/v1/cases/${opened.id}/notes`, {
        body: `Update ${reply}`,
        visibility: 'public',
      });
      expect(response.status).toBe(204);
    }
    const rows = await world.app.storage.db
      .selectFrom('outbox_messages')
      .select(['message_id', 'references_header', 'in_reply_to'])
      .where('case_id', '=', opened.id)
      // The customer's thread (the assigned engineer's notice is a mail of the case too, to another address).
      .where('recipient_user_id', 'is', null)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    expect(rows).toHaveLength(MAX_REFERENCES + 4);
    const last = rows.at(-1)!;
    const references = last.references_header!.split(' ');
    expect(references).toHaveLength(MAX_REFERENCES);
    expect(references[0]).toBe(rows[0]!.message_id);
    expect(references.slice(1)).toEqual(rows.slice(-MAX_REFERENCES, -1).map((row) => row.message_id));
    expect(last.in_reply_to).toBe(rows.at(-2)!.message_id);
  });

  it('without an inbound address configured, case mail carries no Reply-To', async () => {
    const opened = await logCase(world, { title: 'Printer offline' });
    await deliver(null);
    const [ack] = mailsTo(world.contact.email, opened.number);
    expect(ack!.subject.startsWith(`[${opened.number}] `)).toBe(true);
    expect(ack!.replyTo).toBeUndefined();
  });

  it('with answers taken in, a contact without a portal account is told to answer the mail, in their language', async () => {
    world.app.context.mail = { smtpHost: null, from: 'CaseDesk <casedesk@example.com>', replyTo: INBOUND };
    try {
      const english = await logCase(world, { title: 'Router fan noise' });
      const chinese = await logCase(world, { title: '路由器风扇异响', contactId: world.chineseContact.id });
      await deliver();
      const [ack] = mailsTo(world.contact.email, english.number);
      expect(ack!.text).toContain(`Reply to this mail to add anything to the case, keeping the case number ${english.number}`);
      expect(ack!.text).not.toContain('customer portal');
      expect(ack!.text).not.toContain('/cases/');
      const [zhAck] = mailsTo(world.chineseContact.email, chinese.number);
      expect(zhAck!.text).toContain(`如需补充信息，请直接回复此邮件，并在主题中保留工单编号 ${chinese.number}`);
      expect(zhAck!.text).not.toContain('客户门户');
      expect(zhAck!.text).not.toContain('/cases/');
    } finally {
      delete world.app.context.mail;
    }
  });

  it('a contact with an active portal account is linked to the case in the portal; a CC address and a disabled account are not', async () => {
    // Carla gets a portal account: the account with her address becomes her contact.
    const account = await world.app.user('customer', {
      organizationId: world.organization.id,
      name: 'Carla Contact',
      email: world.contact.email,
    });
    const opened = await logCase(world, { title: 'Access point reboots' });
    const cc = await world.app.request(world.secretary, 'PATCH', `/api/v1/cases/${opened.id}`, { ccAddresses: ['noc@harbour.example'] });
    expect(cc.status, JSON.stringify(cc.body)).toBe(200);
    const note = (body: string) =>
      world.app.request(world.engineer, 'POST', `/api/v1/cases/${opened.id}/notes`, { body, visibility: 'public' });
    expect((await note('Please send us the access point log.')).status).toBe(204);
    await deliver();
    const toCarla = mailsTo(world.contact.email, opened.number);
    const ack = toCarla.find((mail) => mail.subject.includes('We have received your request'));
    const reply = toCarla.find((mail) => mail.subject.includes('New reply on your case'));
    expect(ack!.text).toContain(`Follow the case in the customer portal: http://casedesk.test/cases/${opened.id}`);
    expect(reply!.text).toContain(`See the whole case in the customer portal: http://casedesk.test/cases/${opened.id}`);
    const [toCc] = mailsTo('noc@harbour.example', opened.number);
    expect(toCc!.text).toContain('Please send us the access point log.');
    expect(toCc!.text).not.toContain('/cases/');

    const disabled = await world.app.request(world.admin, 'PATCH', `/api/v1/users/${account.id}`, { disabled: true });
    expect(disabled.status, JSON.stringify(disabled.body)).toBe(200);
    expect((await note('The firmware is updated.')).status).toBe(204);
    await deliver();
    const afterDisabling = mailsTo(world.contact.email, opened.number).find((mail) => mail.text.includes('firmware is updated'));
    expect(afterDisabling!.text).not.toContain('/cases/');
  });
});
