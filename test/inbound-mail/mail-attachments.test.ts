import nodemailer from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { InboundSmtpListener } from '../../src/jobs/inbound-smtp-listener.js';
import { describeOnEachDatabase } from '../support/databases.js';
import { listenForMail, mailerInto, startMailOut, SUPPORT, type MailOut } from '../support/mail-ports.js';
import { PDF, PNG } from '../support/sample-files.js';
import type { TestUser } from '../support/test-app.js';
import { startServiceLoopWorld, type ServiceLoopWorld } from '../service-records/service-loop-world.js';

interface Attachment {
  id: string;
  fileName: string;
  contentType: string;
  source: string;
  downloadUrl: string;
}
interface Entry {
  id: string;
  kind: string;
  attachments: Attachment[];
}

describeOnEachDatabase('attachments by mail: in with a new case and a reply, out with a public reply', (database) => {
  let world: ServiceLoopWorld;
  let listener: InboundSmtpListener;
  let mailer: nodemailer.Transporter<SMTPTransport.SentMessageInfo>;
  let mailOut: MailOut;
  let serial = 0;

  beforeAll(async () => {
    world = await startServiceLoopWorld(database);
    // Small enough that a 40 KB file is over it, large enough for the mail around the small ones.
    world.app.context.attachmentMaxBytes = 32 * 1024;
    [listener, mailOut] = await Promise.all([listenForMail(world.app.context), startMailOut()]);
    mailer = mailerInto(listener);
  });
  afterAll(async () => {
    mailer?.close();
    await mailOut?.close();
    await listener?.stop();
    await world?.app.stop();
  });

  const send = (mail: nodemailer.SendMailOptions) =>
    mailer.sendMail({ to: SUPPORT, messageId: `<att${++serial}.${Date.now()}@harbour.example>`, ...mail });
  const inbound = (messageId: string) =>
    world.app.storage.db.selectFrom('inbound_mail').selectAll().where('message_id', '=', messageId).executeTakeFirstOrThrow();
  const timeline = async (caseId: string, as: TestUser) => {
    const response = await world.app.request<{ items: Entry[] }>(as, 'GET', `/api/v1/cases/${caseId}/timeline`);
    expect(response.status).toBe(200);
    return response.body.items;
  };

  it('a mail with a PDF and a PNG opens a case that lists both; the agent answers with a file and the customer’s mail carries it', async () => {
    const before = (await world.app.storedFileKeys()).length;
    const sent = await send({
      from: `Carla Contact <${world.contact.email}>`,
      subject: 'Switch crashed, photo and report attached',
      text: 'See the attached crash report and a photo of the front panel.',
      attachments: [
        { filename: 'crash-report.pdf', content: PDF, contentType: 'application/pdf' },
        // The mail claims a JPEG; the bytes are a PNG, and the bytes decide.
        { filename: 'front panel.png', content: PNG, contentType: 'image/jpeg' },
        // Over the limit: left out, the mail and its case are kept.
        { filename: 'full-dump.txt', content: Buffer.alloc(40 * 1024, 0x61), contentType: 'text/plain' },
      ],
    });
    expect(sent.response).toMatch(/^250 /);
    const caseId = (await inbound(sent.messageId)).case_id!;
    expect(caseId).toBeTruthy();
    const created = (await timeline(caseId, world.customer)).find((entry) => entry.kind === 'case.created')!;
    expect(created.attachments.map((file) => [file.fileName, file.contentType, file.source]).sort()).toEqual([
      ['crash-report.pdf', 'application/pdf', 'email'],
      ['front panel.png', 'image/png', 'email'],
    ]);
    expect((await world.app.storedFileKeys()).length).toBe(before + 2);
    const png = created.attachments.find((file) => file.fileName === 'front panel.png')!;
    const download = await world.app.inject({ method: 'GET', url: png.downloadUrl, headers: world.engineer.headers });
    expect(download.rawPayload.equals(PNG)).toBe(true);
    expect((await world.app.inject({ method: 'GET', url: png.downloadUrl, headers: world.otherCustomer.headers })).statusCode).toBe(404);

    // The customer answers by mail with another file, threaded by the subject's case number.
    const number = (await world.app.request<{ number: string }>(world.secretary, 'GET', `/api/v1/cases/${caseId}`)).body.number;
    const answer = await send({
      from: world.contact.email,
      subject: `Re: [${number}] Switch crashed`,
      text: 'Here is the log you asked for.',
      attachments: [{ filename: 'switch.log', content: Buffer.from('%SYS-2-MALLOCFAIL: Memory allocation failed\n') }],
    });
    expect((await inbound(answer.messageId)).status).toBe('replied');
    const reply = (await timeline(caseId, world.secretary)).filter((entry) => entry.kind === 'case.note').at(-1)!;
    expect(reply.attachments.map((file) => [file.fileName, file.contentType])).toEqual([['switch.log', 'text/plain; charset=utf-8']]);

    // An agent answers in public with a file; the mail to the customer carries it.
    const boundary = 'agent-file';
    const uploaded = await world.app.inject({
      method: 'POST',
      url: `/api/v1/cases/${caseId}/attachments`,
      headers: { ...world.engineer.headers, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="fix.pdf"\r\n\r\n`),
        PDF,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]),
    });
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    const replied = await world.app.request(world.engineer, 'POST', `/api/v1/cases/${caseId}/notes`, {
      body: 'The fix is described in the attached PDF.',
      visibility: 'public',
      attachmentIds: [uploaded.json<{ id: string }>().id],
    });
    expect(replied.status).toBe(204);
    expect((await mailOut.deliver(world.app.context)).failed).toBe(0);
    const mail = mailOut.sink.received.find(
      (received) => received.to.includes(world.contact.email) && received.text.includes('attached PDF'),
    )!;
    expect(mail.subject).toContain(`[${number}]`);
    expect(mail.attachments!.map((file) => [file.fileName, file.contentType])).toEqual([['fix.pdf', 'application/pdf']]);
    expect(mail.attachments![0]!.content.equals(PDF)).toBe(true);
  });

  it('a mail from an unknown sender keeps its files until staff assign it: the case it becomes lists them', async () => {
    const sent = await send({
      from: 'new.person@harbour.example',
      subject: 'Printer offline',
      text: 'Photo attached.',
      attachments: [{ filename: 'printer.png', content: PNG }],
    });
    const unmatched = await inbound(sent.messageId);
    expect(unmatched.status).toBe('unmatched');
    const assigned = await world.app.request<{ caseId: string }>(world.secretary, 'POST', `/api/v1/inbound-mail/${unmatched.id}/assign`, {
      organizationId: world.organization.id,
      newContact: { name: 'New Person' },
    });
    expect(assigned.status, JSON.stringify(assigned.body)).toBe(200);
    const caseId = (await inbound(sent.messageId)).case_id!;
    const created = (await timeline(caseId, world.secretary)).find((entry) => entry.kind === 'case.created')!;
    expect(created.attachments.map((file) => file.fileName)).toEqual(['printer.png']);
  });
});
