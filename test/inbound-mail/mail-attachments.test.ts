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
  visibility: string;
  data: Record<string, unknown>;
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
    const created = (await timeline(caseId, world.customer)).find((entry) => entry.kind === 'case.description')!;
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
    const uploaded = await world.app.upload(world.engineer, `/api/v1/cases/${caseId}/attachments`, 'fix.pdf', PDF);
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

  it('a file over the limit leaves an internal timeline entry naming it, its size and the limit, on a new case and on a reply', async () => {
    const sent = await send({
      from: world.contact.email,
      subject: 'Router config',
      text: 'Configuration dump attached.',
      attachments: [
        { filename: 'router.cfg', content: Buffer.from('hostname edge-1\n') },
        { filename: 'core dump.bin', content: Buffer.alloc(40 * 1024, 0x61) },
      ],
    });
    const caseId = (await inbound(sent.messageId)).case_id!;
    expect(caseId).toBeTruthy();
    const staffSees = await timeline(caseId, world.secretary);
    const left = staffSees.filter((entry) => entry.kind === 'case.mail-file-too-large');
    expect(left.map((entry) => [entry.visibility, entry.data.fileName, entry.data.sizeBytes, entry.data.maxBytes])).toEqual([
      ['internal', 'core dump.bin', 40 * 1024, 32 * 1024],
    ]);
    expect(staffSees.find((entry) => entry.kind === 'case.description')!.attachments.map((file) => file.fileName)).toEqual(['router.cfg']);
    expect((await timeline(caseId, world.customer)).some((entry) => entry.kind === 'case.mail-file-too-large')).toBe(false);
    // The sender hears which file was not kept, in the acknowledgement.
    const acknowledgement = async (id: string) =>
      (
        await world.app.storage.db
          .selectFrom('outbox_messages')
          .select('text_body')
          .where('kind', '=', 'case-acknowledgement')
          .where('case_id', '=', id)
          .executeTakeFirstOrThrow()
      ).text_body;
    expect(await acknowledgement(caseId)).toContain('larger than our limit of 32 KB and were not kept: core dump.bin (40 KB)');
    const chinese = await send({
      from: world.chineseContact.email,
      subject: '配置',
      text: '附件是配置。',
      attachments: [{ filename: '转储.bin', content: Buffer.alloc(40 * 1024, 0x61) }],
    });
    expect(await acknowledgement((await inbound(chinese.messageId)).case_id!)).toContain(
      '以下附件超过 32 KB 的上限，未予保存：转储.bin (40 KB)',
    );

    const number = (await world.app.request<{ number: string }>(world.secretary, 'GET', `/api/v1/cases/${caseId}`)).body.number;
    const answer = await send({
      from: world.contact.email,
      subject: `Re: [${number}] Router config`,
      text: 'And the second dump.',
      attachments: [{ filename: 'second.bin', content: Buffer.alloc(33 * 1024, 0x62) }],
    });
    expect((await inbound(answer.messageId)).status).toBe('replied');
    const after = (await timeline(caseId, world.secretary)).filter((entry) => entry.kind === 'case.mail-file-too-large');
    expect(after.map((entry) => entry.data.fileName)).toEqual(['core dump.bin', 'second.bin']);
  });

  it('a mail of files only, without text, opens a case; a reply of files only is added to it', async () => {
    const sent = await send({
      from: world.contact.email,
      subject: 'Photo',
      text: '',
      attachments: [{ filename: 'panel.png', content: PNG }],
    });
    expect((await inbound(sent.messageId)).status).toBe('case-opened');
    const caseId = (await inbound(sent.messageId)).case_id!;
    const created = (await timeline(caseId, world.customer)).find((entry) => entry.kind === 'case.description')!;
    expect(created.attachments.map((file) => file.fileName)).toEqual(['panel.png']);

    const number = (await world.app.request<{ number: string }>(world.secretary, 'GET', `/api/v1/cases/${caseId}`)).body.number;
    const answer = await send({
      from: world.contact.email,
      subject: `Re: [${number}] Photo`,
      attachments: [{ filename: 'report.pdf', content: PDF, contentType: 'application/pdf' }],
    });
    expect((await inbound(answer.messageId)).status).toBe('replied');
    const reply = (await timeline(caseId, world.customer)).filter((entry) => entry.kind === 'case.note').at(-1)!;
    expect(reply.attachments.map((file) => file.fileName)).toEqual(['report.pdf']);
    expect(reply.data.body).toBe('');
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
    const created = (await timeline(caseId, world.secretary)).find((entry) => entry.kind === 'case.description')!;
    expect(created.attachments.map((file) => file.fileName)).toEqual(['printer.png']);
  });
});
