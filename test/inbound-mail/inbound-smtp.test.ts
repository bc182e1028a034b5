import fs from 'node:fs';
import nodemailer from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInboundSmtp, type InboundSmtpListener } from '../../src/jobs/inbound-smtp-listener.js';
import { smtpTransport } from '../../src/mail/transport.js';
import { deliverDueMail } from '../../src/services/notifications/deliver-outbox.js';
import { startSmtpSink } from '../escalations/smtp-sink.js';
import type { ServiceContext } from '../../src/services/context.js';
import type { Storage } from '../../src/storage/db.js';
import { describeOnEachDatabase } from '../support/databases.js';
import { selfSignedCertificate } from '../support/self-signed-certificate.js';
import { TestApp, type TestUser } from '../support/test-app.js';

const SUPPORT = 'support@casedesk.test';
const quiet = { info: () => {}, error: () => {}, debug: () => {} };

describeOnEachDatabase('mail into CaseDesk through the inbound SMTP port', (database) => {
  let app: TestApp;
  let admin: TestUser;
  let secretary: TestUser;
  let engineer: TestUser;
  let listener: InboundSmtpListener;
  let mailer: nodemailer.Transporter<SMTPTransport.SentMessageInfo>;
  let acme: { id: string };
  let other: { id: string };
  let serial = 0;

  const addContact = async (organizationId: string, name: string, email: string) => {
    const response = await app.request<{ id: string }>(admin, 'POST', `/api/v1/organizations/${organizationId}/contacts`, { name, email });
    expect(response.status).toBe(201);
    return response.body.id;
  };

  beforeAll(async () => {
    app = await TestApp.start(database);
    admin = await app.user('admin');
    secretary = await app.user('secretary');
    engineer = await app.user('expert');
    expect((await app.request(admin, 'POST', '/api/v1/departments', { name: 'Network Service' })).status).toBe(201);
    acme = await app.organization('Acme Steel');
    other = await app.organization('Other Works');
    await addContact(acme.id, 'Li Wei', 'li.wei@acme.test');
    await addContact(other.id, 'Zhang Min', 'zhang.min@other.test');
    listener = await startInboundSmtp(app.context, {
      port: 0,
      host: '127.0.0.1',
      addresses: [SUPPORT],
      maxBytes: 100_000,
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
    mailer.sendMail({ to: SUPPORT, messageId: `<m${++serial}.${Date.now()}@acme.test>`, ...mail });
  const casesFrom = (organizationId: string) =>
    app.storage.db.selectFrom('cases').selectAll().where('organization_id', '=', organizationId).orderBy('id').execute();
  const inbound = (messageId: string) =>
    app.storage.db.selectFrom('inbound_mail').selectAll().where('message_id', '=', messageId).executeTakeFirstOrThrow();
  const notes = (caseId: string) =>
    app.storage.db.selectFrom('case_events').selectAll().where('case_id', '=', caseId).where('kind', '=', 'case.note').execute();

  it('opens a case, channel e-mail and level 3, from a known contact; the 250 comes after it is stored', async () => {
    const before = (await casesFrom(acme.id)).length;
    const sent = await send({
      from: 'Li Wei <Li.Wei@acme.test>',
      subject: 'Core switch reboots every hour',
      text: 'Since 9:00 the core switch reboots.',
    });
    expect(sent.response).toMatch(/^250 /);
    const cases = await casesFrom(acme.id);
    expect(cases).toHaveLength(before + 1);
    const opened = cases.at(-1)!;
    expect(opened).toMatchObject({ channel: 'email', level: 3, title: 'Core switch reboots every hour' });
    expect(opened.description).toContain('Since 9:00 the core switch reboots.');
    expect(opened.contact_id).not.toBeNull();
    expect(await inbound(sent.messageId)).toMatchObject({ status: 'case-opened', case_id: opened.id, from_address: 'li.wei@acme.test' });
  });

  it('threads a reply by In-Reply-To to a mail CaseDesk sent: public reply from the contact, quote trimmed, assignee told', async () => {
    const opened = await send({ from: 'li.wei@acme.test', subject: 'UPS alarm', text: 'The UPS beeps.' });
    const caseRow = (await inbound(opened.messageId)).case_id!;
    await app.storage.db
      .updateTable('cases')
      .set({ assignee_user_id: engineer.id, status: 'assigned' })
      .where('id', '=', caseRow)
      .execute();
    const ourMessageId = `<reply-${caseRow}@casedesk.test>`;
    await app.storage.db
      .insertInto('outbox_messages')
      .values({
        id: `outbox-${caseRow}`,
        kind: 'case.reply',
        recipient_user_id: null,
        to_address: 'li.wei@acme.test',
        language: 'en',
        subject: 'Re: UPS alarm',
        text_body: 'Please check the battery.',
        html_body: '<p>Please check the battery.</p>',
        dedupe_key: `reply-${caseRow}`,
        status: 'sent',
        attempts: 1,
        next_attempt_at: new Date().toISOString(),
        lease_until: null,
        claim_token: null,
        last_error: null,
        message_id: ourMessageId,
        case_id: caseRow,
        created_at: new Date().toISOString(),
        sent_at: new Date().toISOString(),
      })
      .execute();
    const reply = await send({
      from: 'li.wei@acme.test',
      subject: 'Re: your answer',
      inReplyTo: ourMessageId,
      references: [ourMessageId],
      text: 'Battery replaced, alarm gone.\n\nOn Tue, Support <support@casedesk.test> wrote:\n> Please check the battery.',
    });
    expect(await inbound(reply.messageId)).toMatchObject({ status: 'replied', case_id: caseRow });
    const [note] = await notes(caseRow);
    expect(note).toMatchObject({ visibility: 'public' });
    expect(JSON.parse(note!.data_json)).toMatchObject({ body: 'Battery replaced, alarm gone.', via: 'email', authorName: 'Li Wei' });
    const timeline = await app.request<{ items: { kind: string; actorName: string | null }[] }>(
      engineer,
      'GET',
      `/api/v1/cases/${caseRow}/timeline`,
    );
    expect(timeline.body.items.find((entry) => entry.kind === 'case.note')?.actorName).toBe('Li Wei');
    const told = await app.storage.db
      .selectFrom('notifications')
      .selectAll()
      .where('user_id', '=', engineer.id)
      .where('case_id', '=', caseRow)
      .execute();
    expect(told.map((row) => row.kind)).toContain('customer-replied');
    // The full original stays viewable.
    const detail = await app.request<{ raw: string; text: string }>(
      secretary,
      'GET',
      `/api/v1/inbound-mail/${(await inbound(reply.messageId)).id}`,
    );
    expect(detail.body.raw).toContain('> Please check the battery.');
  });

  it('threads a reply by the case number in the subject from a sender of that organisation, and reopens a resolved case', async () => {
    const opened = await send({ from: 'li.wei@acme.test', subject: 'Printer jam', text: 'Jammed.' });
    const caseId = (await inbound(opened.messageId)).case_id!;
    const row = await app.storage.db.selectFrom('cases').selectAll().where('id', '=', caseId).executeTakeFirstOrThrow();
    await app.storage.db
      .updateTable('cases')
      .set({ status: 'resolved', resolved_at: new Date().toISOString() })
      .where('id', '=', caseId)
      .execute();
    const reply = await send({ from: 'li.wei@acme.test', subject: `Re: [${row.number}] Printer jam`, text: 'It jams again.' });
    expect(await inbound(reply.messageId)).toMatchObject({ status: 'replied', case_id: caseId });
    expect((await app.storage.db.selectFrom('cases').select('status').where('id', '=', caseId).executeTakeFirstOrThrow()).status).toBe(
      'in_progress',
    );
    expect((await notes(caseId)).map((note) => JSON.parse(note.data_json).body)).toEqual(['It jams again.']);
    // The timeline names the contact who wrote as the one who reopened it, not CaseDesk.
    const timeline = await app.request<{
      items: { kind: string; actorName: string | null; author: string; data: { reopened?: boolean } }[];
    }>(secretary, 'GET', `/api/v1/cases/${caseId}/timeline`);
    expect(timeline.status).toBe(200);
    const reopened = timeline.body.items.filter((entry) => entry.kind === 'case.transitioned' && entry.data.reopened);
    expect(reopened.map((entry) => ({ actorName: entry.actorName, author: entry.author }))).toEqual([
      { actorName: 'Li Wei', author: 'customer' },
    ]);
  });

  it('opens a new case that refers to a closed one when its contact writes to it again', async () => {
    const opened = await send({ from: 'li.wei@acme.test', subject: 'Old fault', text: 'Broken.' });
    const closedId = (await inbound(opened.messageId)).case_id!;
    const closed = await app.storage.db.selectFrom('cases').selectAll().where('id', '=', closedId).executeTakeFirstOrThrow();
    await app.storage.db
      .updateTable('cases')
      .set({ status: 'closed', closed_at: new Date().toISOString() })
      .where('id', '=', closedId)
      .execute();
    const reply = await send({ from: 'li.wei@acme.test', subject: `Re: [${closed.number}] Old fault`, text: 'Broken again.' });
    const stored = await inbound(reply.messageId);
    expect(stored.status).toBe('case-opened');
    expect(stored.case_id).not.toBe(closedId);
    const link = await app.storage.db
      .selectFrom('case_events')
      .selectAll()
      .where('case_id', '=', stored.case_id!)
      .where('kind', '=', 'case.follow-up-of')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(link.data_json)).toEqual({ caseId: closedId, number: closed.number });
  });

  it('leaves a forged subject naming another organisation’s case, and an unknown sender, for staff in the unmatched list', async () => {
    const opened = await send({ from: 'li.wei@acme.test', subject: 'Secret plans', text: 'Our case.' });
    const acmeCase = await app.storage.db
      .selectFrom('cases')
      .selectAll()
      .where('id', '=', (await inbound(opened.messageId)).case_id!)
      .executeTakeFirstOrThrow();
    const forged = await send({ from: 'zhang.min@other.test', subject: `Re: [${acmeCase.number}] Secret plans`, text: 'Let me in.' });
    expect(await inbound(forged.messageId)).toMatchObject({ status: 'unmatched', reason: 'other-organization', case_id: null });
    expect(await notes(acmeCase.id)).toHaveLength(0);
    const stranger = await send({ from: 'New Person <someone@unknown.test>', subject: 'Quote request', text: 'Please call me.' });
    expect(await inbound(stranger.messageId)).toMatchObject({ status: 'unmatched', reason: 'unknown-sender' });
    const list = await app.request<{ items: { messageId: string; can: { assign: boolean } }[] }>(
      secretary,
      'GET',
      '/api/v1/inbound-mail?status=unmatched',
    );
    expect(list.status).toBe(200);
    expect(list.body.items.map((item) => item.messageId)).toEqual(expect.arrayContaining([forged.messageId, stranger.messageId]));
    expect(list.body.items.every((item) => item.can.assign)).toBe(true);
    expect((await app.request(engineer, 'GET', '/api/v1/inbound-mail?status=unmatched')).status).toBe(403);

    // Staff assign the stranger's mail to Acme with a new contact: it becomes a case.
    const strangerRow = await inbound(stranger.messageId);
    const assigned = await app.request<{ status: string; caseId: string }>(
      secretary,
      'POST',
      `/api/v1/inbound-mail/${strangerRow.id}/assign`,
      {
        organizationId: acme.id,
        newContact: { name: 'New Person' },
      },
    );
    expect(assigned.status).toBe(200);
    expect(assigned.body.status).toBe('assigned');
    const caseRow = await app.storage.db.selectFrom('cases').selectAll().where('id', '=', assigned.body.caseId).executeTakeFirstOrThrow();
    expect(caseRow).toMatchObject({ organization_id: acme.id, title: 'Quote request', channel: 'email' });
    const contact = await app.storage.db.selectFrom('contacts').selectAll().where('id', '=', caseRow.contact_id!).executeTakeFirstOrThrow();
    expect(contact).toMatchObject({ name: 'New Person', email: 'someone@unknown.test' });
    expect(
      (
        await app.request(secretary, 'POST', `/api/v1/inbound-mail/${strangerRow.id}/assign`, {
          organizationId: acme.id,
          newContact: { name: 'Again' },
        })
      ).status,
    ).toBe(409);
    // A new contact with an address another contact of that customer has is refused at the request's own field.
    const taken = await app.request<{ field: string }>(
      secretary,
      'POST',
      `/api/v1/inbound-mail/${(await inbound(forged.messageId)).id}/assign`,
      {
        organizationId: acme.id,
        newContact: { name: 'Someone else', email: 'SOMEONE@unknown.test' },
      },
    );
    expect(taken.status).toBe(409);
    expect(taken.body.field).toBe('newContact.email');
    expect(await inbound(forged.messageId)).toMatchObject({ status: 'unmatched' });
    const discarded = await app.request<{ status: string }>(
      secretary,
      'POST',
      `/api/v1/inbound-mail/${(await inbound(forged.messageId)).id}/discard`,
    );
    expect(discarded.body.status).toBe('discarded');
    const bad = await app.request<{ status: number }>(secretary, 'POST', `/api/v1/inbound-mail/${strangerRow.id}/assign`, {
      contactId: 'c',
    });
    expect(bad.status).toBe(400);
  });

  it('marks the outbound mail failed on its case when a delivery report comes back, and opens no case', async () => {
    const opened = await send({ from: 'li.wei@acme.test', subject: 'Bounce target', text: 'x' });
    const caseId = (await inbound(opened.messageId)).case_id!;
    const ourId = `<ack-${caseId}@casedesk.test>`;
    await app.storage.db
      .insertInto('outbox_messages')
      .values({
        id: `outbox-ack-${caseId}`,
        kind: 'case.acknowledgement',
        recipient_user_id: null,
        to_address: 'gone@acme.test',
        language: 'en',
        subject: 'Your case',
        text_body: 'x',
        html_body: 'x',
        dedupe_key: `ack-${caseId}`,
        status: 'sent',
        attempts: 1,
        next_attempt_at: new Date().toISOString(),
        lease_until: null,
        claim_token: null,
        last_error: null,
        message_id: ourId,
        case_id: caseId,
        created_at: new Date().toISOString(),
        sent_at: new Date().toISOString(),
      })
      .execute();
    const casesBefore = (await app.storage.db.selectFrom('cases').select('id').execute()).length;
    const report = [
      'From: Mail Delivery System <MAILER-DAEMON@mx.acme.test>',
      `To: ${SUPPORT}`,
      'Subject: Undelivered Mail Returned to Sender',
      'Auto-Submitted: auto-replied',
      `Message-ID: <bounce-${caseId}@mx.acme.test>`,
      'MIME-Version: 1.0',
      'Content-Type: multipart/report; report-type=delivery-status; boundary="B"',
      '',
      '--B',
      'Content-Type: text/plain',
      '',
      'Your message could not be delivered.',
      '--B',
      'Content-Type: message/delivery-status',
      '',
      'Reporting-MTA: dns; mx.acme.test',
      '',
      'Final-Recipient: rfc822; gone@acme.test',
      'Action: failed',
      'Status: 5.1.1',
      '--B',
      'Content-Type: text/rfc822-headers',
      '',
      'From: casedesk@casedesk.test',
      'To: gone@acme.test',
      `Message-ID: ${ourId}`,
      'Subject: Your case',
      '--B--',
      '',
    ].join('\r\n');
    await mailer.sendMail({ envelope: { from: '', to: [SUPPORT] }, raw: report });
    const stored = await inbound(`<bounce-${caseId}@mx.acme.test>`);
    expect(stored).toMatchObject({ status: 'bounce', case_id: caseId });
    expect(
      (await app.storage.db.selectFrom('outbox_messages').select('status').where('message_id', '=', ourId).executeTakeFirstOrThrow())
        .status,
    ).toBe('dead');
    const event = await app.storage.db
      .selectFrom('case_events')
      .selectAll()
      .where('case_id', '=', caseId)
      .where('kind', '=', 'notification.bounced')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(event.data_json)).toMatchObject({ to: 'gone@acme.test' });
    expect((await app.storage.db.selectFrom('cases').select('id').execute()).length).toBe(casesBefore);
  });

  it('takes an auto-reply, bulk mail and our own mail coming back as ignored: no case, no mail goes out (no storm)', async () => {
    const casesBefore = (await app.storage.db.selectFrom('cases').select('id').execute()).length;
    const outboxBefore = (await app.storage.db.selectFrom('outbox_messages').select('id').execute()).length;
    const auto = await send({
      from: 'li.wei@acme.test',
      subject: 'Out of office',
      text: 'Back Monday',
      headers: { 'Auto-Submitted': 'auto-replied' },
    });
    const bulk = await send({ from: 'li.wei@acme.test', subject: 'Newsletter', text: 'News', headers: { Precedence: 'bulk' } });
    const xauto = await send({ from: 'li.wei@acme.test', subject: 'Away', text: 'Away', headers: { 'X-Autoreply': 'yes' } });
    const own = await send({ from: 'CaseDesk <casedesk@casedesk.test>', subject: 'Echo', text: 'Echo' });
    expect(await inbound(auto.messageId)).toMatchObject({ status: 'ignored', reason: 'auto-submitted' });
    expect(await inbound(bulk.messageId)).toMatchObject({ status: 'ignored', reason: 'precedence' });
    expect(await inbound(xauto.messageId)).toMatchObject({ status: 'ignored', reason: 'auto-reply' });
    expect(await inbound(own.messageId)).toMatchObject({ status: 'ignored', reason: 'own-address' });
    expect((await app.storage.db.selectFrom('cases').select('id').execute()).length).toBe(casesBefore);
    expect((await app.storage.db.selectFrom('outbox_messages').select('id').execute()).length).toBe(outboxBefore);
  });

  it('keeps a sender writing more than the hourly limit but opens nothing more', async () => {
    await addContact(acme.id, 'Script', 'script@acme.test');
    const strict = await startInboundSmtp(app.context, {
      port: 0,
      host: '127.0.0.1',
      addresses: [SUPPORT],
      maxBytes: 100_000,
      ownAddresses: [SUPPORT],
      ratePerHour: 5,
      log: quiet,
    });
    const strictMailer = nodemailer.createTransport({ host: '127.0.0.1', port: strict.port, secure: false, ignoreTLS: true });
    try {
      const results = [];
      for (let index = 0; index < 7; index += 1)
        results.push(await strictMailer.sendMail({ to: SUPPORT, from: 'script@acme.test', subject: `Alert ${index}`, text: 'x' }));
      const statuses = await Promise.all(results.map(async (sent) => (await inbound(sent.messageId)).status));
      expect(statuses).toEqual(['case-opened', 'case-opened', 'case-opened', 'case-opened', 'case-opened', 'ignored', 'ignored']);
      expect((await inbound(results[6]!.messageId)).reason).toBe('rate-limited');
    } finally {
      strictMailer.close();
      await strict.stop();
    }
  });

  it('sanitises HTML: scripts and event handlers never reach the case or the stored body', async () => {
    const sent = await send({
      from: 'li.wei@acme.test',
      subject: 'HTML mail',
      html: '<p onclick="steal()">The <b>fan</b> is loud.</p><script>alert("x")</script><img src="https://evil.test/x.png" onerror="steal()">',
    });
    const stored = await inbound(sent.messageId);
    expect(stored.html_body).toContain('<b>fan</b>');
    expect(stored.html_body).not.toMatch(/script|onclick|onerror|alert/);
    const caseRow = await app.storage.db.selectFrom('cases').selectAll().where('id', '=', stored.case_id!).executeTakeFirstOrThrow();
    expect(caseRow.description).toContain('The fan is loud.');
    expect(caseRow.description).not.toMatch(/alert|<script/);
  });

  it('takes in a mail with NUL bytes in its subject, text and HTML: a case, the bytes kept without the NULs', async () => {
    // A contact of its own: Li Wei's mails count towards the hourly limit of one sender.
    await addContact(acme.id, 'Chen Jie', 'chen.jie@acme.test');
    const messageId = `<nul-${database}@acme.test>`;
    // A broken mail program's mail: raw NUL bytes in an 8-bit text part, an encoded one in the subject and the HTML.
    const raw = Buffer.from(
      [
        'From: Chen Jie <chen.jie@acme.test>',
        `To: ${SUPPORT}`,
        'Subject: =?UTF-8?Q?Pump=00_stops?=',
        `Message-ID: ${messageId}`,
        'MIME-Version: 1.0',
        'Content-Type: multipart/alternative; boundary=b',
        '',
        '--b',
        'Content-Type: text/plain; charset=utf-8',
        'Content-Transfer-Encoding: 8bit',
        '',
        'The pump\0 stops at night.',
        '--b',
        'Content-Type: text/html; charset=utf-8',
        'Content-Transfer-Encoding: quoted-printable',
        '',
        '<p>The pump=00 stops at night.</p>',
        '--b--',
        '',
      ].join('\r\n'),
    );
    expect(raw.includes(0)).toBe(true);
    const sent = await mailer.sendMail({ envelope: { from: 'chen.jie@acme.test', to: [SUPPORT] }, raw });
    expect(sent.response).toMatch(/^250 /);
    const stored = await inbound(messageId);
    expect(stored).toMatchObject({ status: 'case-opened', subject: 'Pump stops' });
    expect(stored.raw).toContain('The pump stops at night.');
    expect(stored.html_body).toContain('The pump stops at night.');
    const opened = await app.storage.db.selectFrom('cases').selectAll().where('id', '=', stored.case_id!).executeTakeFirstOrThrow();
    expect(opened.title).toBe('Pump stops');
    expect(opened.description).toContain('The pump stops at night.');
  });

  it('takes the same mail delivered twice once: one case', async () => {
    const messageId = `<twice-${Date.now()}@acme.test>`;
    const mail = { from: 'li.wei@acme.test', subject: 'Delivered twice', text: 'Same mail', messageId };
    const first = await send(mail);
    const second = await send(mail);
    expect(first.response).toMatch(/^250 /);
    expect(second.response).toMatch(/^250 /);
    expect((await app.storage.db.selectFrom('cases').select('id').where('title', '=', 'Delivered twice').execute()).length).toBe(1);
  });

  it('refuses mail for addresses it does not serve, and mail over the size limit, with a clear SMTP answer', async () => {
    await expect(mailer.sendMail({ from: 'li.wei@acme.test', to: 'ceo@casedesk.test', subject: 'x', text: 'x' })).rejects.toThrow(
      /550 5\.1\.1 <ceo@casedesk\.test>: CaseDesk takes no mail for this address/,
    );
    await expect(send({ from: 'li.wei@acme.test', subject: 'Huge', text: 'x'.repeat(150_000) })).rejects.toThrow(/552/);
    expect((await app.storage.db.selectFrom('cases').select('id').where('title', '=', 'Huge').execute()).length).toBe(0);
  });

  it('refuses for good a mail that cannot be read as a mail, and records it as refused for staff to see', async () => {
    const messageId = `<unreadable-${database}@acme.test>`;
    const parts = Array.from({ length: 1_100 }, (_, index) => `--b\r\nContent-Type: text/plain\r\n\r\npart ${index}`).join('\r\n');
    const raw = [
      'From: Kim Park <kim.park@unknown.test>',
      `To: ${SUPPORT}`,
      'Subject: Thousand logs',
      `Message-ID: ${messageId}`,
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary=b',
      '',
      `${parts}\r\n--b--`,
      '',
    ].join('\r\n');
    await expect(mailer.sendMail({ envelope: { from: 'kim.park@unknown.test', to: [SUPPORT] }, raw })).rejects.toThrow(/554 5\.6\.0/);
    expect(await inbound(messageId)).toMatchObject({ status: 'refused', reason: 'unreadable', subject: 'Thousand logs', case_id: null });
    const listed = await app.request<{ items: { messageId: string; reason: string }[] }>(
      secretary,
      'GET',
      '/api/v1/inbound-mail?status=refused',
    );
    expect(listed.body.items.map((item) => item.messageId)).toContain(messageId);
    // Delivered again, it is refused again and still recorded once.
    await expect(mailer.sendMail({ envelope: { from: 'kim.park@unknown.test', to: [SUPPORT] }, raw })).rejects.toThrow(/554 5\.6\.0/);
    expect((await app.storage.db.selectFrom('inbound_mail').select('id').where('message_id', '=', messageId).execute()).length).toBe(1);
  });

  it('a reply to the public reply CaseDesk really sent lands on the case, by its In-Reply-To alone', async () => {
    const sink = await startSmtpSink();
    const transport = smtpTransport(sink.url);
    try {
      // A contact of its own: the other tests' mails from Li Wei count towards the hourly limit of one sender.
      await addContact(acme.id, 'Zhou Lan', 'zhou.lan@acme.test');
      const opened = await send({ from: 'Zhou Lan <zhou.lan@acme.test>', subject: 'Fan noise in rack 4', text: 'The fan is loud.' });
      const caseId = (await inbound(opened.messageId)).case_id!;
      const replied = await app.request(admin, 'POST', `/api/v1/cases/${caseId}/notes`, {
        body: 'Please send us a photo of the fan label.',
        visibility: 'public',
      });
      expect(replied.status, JSON.stringify(replied.body)).toBe(204);
      const delivered = await deliverDueMail(app.context, { transport, from: 'CaseDesk <casedesk@casedesk.test>', caseReplyTo: SUPPORT });
      expect(delivered.failed).toBe(0);
      const ours = sink.received.find((mail) => mail.to.includes('zhou.lan@acme.test') && mail.text.includes('photo of the fan label'));
      expect(ours?.messageId).toMatch(/^<.+@.+>$/);
      expect(ours!.replyTo).toBe(SUPPORT);

      // The customer's mail program answers it; the subject no longer names the case, the headers do.
      const answer = await send({
        from: 'Zhou Lan <zhou.lan@acme.test>',
        subject: 'AW: photo',
        inReplyTo: ours!.messageId,
        references: [ours!.messageId],
        text: 'Label attached: model FX-200.\n\n> Please send us a photo of the fan label.',
      });
      expect(await inbound(answer.messageId)).toMatchObject({ status: 'replied', case_id: caseId });
      const replies = (await notes(caseId)).map((note) => JSON.parse(note.data_json) as { body: string; via?: string });
      expect(replies.filter((note) => note.via === 'email').map((note) => note.body)).toEqual(['Label attached: model FX-200.']);
    } finally {
      transport.close();
      await sink.close();
    }
  });

  describe('with STARTTLS (CASEDESK_INBOUND_TLS_CERT, CASEDESK_INBOUND_TLS_KEY, CASEDESK_INBOUND_REQUIRE_TLS=true)', () => {
    let certificate: ReturnType<typeof selfSignedCertificate>;
    let tlsListener: InboundSmtpListener;
    beforeAll(async () => {
      certificate = selfSignedCertificate();
      tlsListener = await startInboundSmtp(app.context, {
        port: 0,
        host: '127.0.0.1',
        addresses: [SUPPORT],
        maxBytes: 100_000,
        ownAddresses: [SUPPORT],
        tls: { certFile: certificate.certFile, keyFile: certificate.keyFile, required: true },
        log: quiet,
      });
    });
    afterAll(async () => {
      await tlsListener?.stop();
      if (certificate) fs.rmSync(certificate.dir, { recursive: true, force: true });
    });

    it('takes mail sent after STARTTLS and opens its case; refuses mail sent in the clear before it', async () => {
      const secured = nodemailer.createTransport({
        host: '127.0.0.1',
        port: tlsListener.port,
        secure: false,
        requireTLS: true,
        tls: { rejectUnauthorized: false },
      });
      const sent = await secured.sendMail({
        from: 'li.wei@acme.test',
        to: SUPPORT,
        subject: 'Mail over STARTTLS',
        text: 'The firewall drops VPN sessions.',
        messageId: `<tls-${Date.now()}@acme.test>`,
      });
      secured.close();
      expect(sent.response).toMatch(/^250 /);
      expect(await inbound(sent.messageId)).toMatchObject({ status: 'case-opened' });
      expect((await casesFrom(acme.id)).map((row) => row.title)).toContain('Mail over STARTTLS');

      const clear = nodemailer.createTransport({ host: '127.0.0.1', port: tlsListener.port, secure: false, ignoreTLS: true });
      await expect(
        clear.sendMail({
          from: 'li.wei@acme.test',
          to: SUPPORT,
          subject: 'Mail in the clear',
          text: 'x',
          messageId: `<clear-${Date.now()}@acme.test>`,
        }),
      ).rejects.toThrow(/530 5\.7\.0 Must issue a STARTTLS command first/);
      clear.close();
      expect((await casesFrom(acme.id)).map((row) => row.title)).not.toContain('Mail in the clear');
    });
  });

  describe.runIf(database === 'postgres')('two instances on one PostgreSQL database', () => {
    let secondStorage: Storage;
    let secondListener: InboundSmtpListener;
    let secondMailer: nodemailer.Transporter<SMTPTransport.SentMessageInfo>;
    beforeAll(async () => {
      secondStorage = await app.database.open();
      const context: ServiceContext = { ...app.context, storage: secondStorage };
      secondListener = await startInboundSmtp(context, {
        port: 0,
        host: '127.0.0.1',
        addresses: [SUPPORT],
        maxBytes: 100_000,
        ownAddresses: [SUPPORT],
        log: quiet,
      });
      secondMailer = nodemailer.createTransport({ host: '127.0.0.1', port: secondListener.port, secure: false, ignoreTLS: true });
    });
    afterAll(async () => {
      secondMailer?.close();
      await secondListener?.stop();
      await secondStorage?.close();
    });

    it('both receiving the same mail at once give one case', async () => {
      for (let round = 0; round < 5; round += 1) {
        const mail = {
          from: 'li.wei@acme.test',
          to: SUPPORT,
          subject: `Both instances ${round}`,
          text: 'Same mail',
          messageId: `<both-${round}-${Date.now()}@acme.test>`,
        };
        const answers = await Promise.all([mailer.sendMail(mail), secondMailer.sendMail(mail)]);
        expect(answers.map((answer) => answer.response.slice(0, 3))).toEqual(['250', '250']);
        expect(
          (await app.storage.db.selectFrom('cases').select('id').where('title', '=', `Both instances ${round}`).execute()).length,
        ).toBe(1);
      }
    });
  });
});
