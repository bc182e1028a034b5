import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeOnEachDatabase } from '../support/databases.js';
import { startMailOut, type MailOut } from '../support/mail-ports.js';
import { PDF, PNG } from '../support/sample-files.js';
import type { TestUser } from '../support/test-app.js';
import { logCase, startServiceLoopWorld, type CaseBody, type ServiceLoopWorld } from '../service-records/service-loop-world.js';

interface Attachment {
  id: string;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  inline: boolean;
  downloadUrl: string;
}
interface Entry {
  id: string;
  kind: string;
  visibility: string;
  data: Record<string, unknown>;
  attachments: Attachment[];
}
interface Problem {
  status: number;
  field?: string;
  detail: string;
  errors?: { field: string; message: string }[];
}

describeOnEachDatabase('files on cases: upload, send with a message, list, download, mail', (database) => {
  let world: ServiceLoopWorld;
  let opened: CaseBody;
  let mailOut: MailOut;

  beforeAll(async () => {
    [world, mailOut] = await Promise.all([startServiceLoopWorld(database), startMailOut()]);
    opened = await logCase(world, { title: 'Core switch drops packets' });
  });
  afterAll(async () => {
    await mailOut?.close();
    await world?.app.stop();
  });

  const upload = (as: TestUser, fileName: string, content: Buffer, caseId = opened.id) =>
    world.app.upload(as, `/api/v1/cases/${caseId}/attachments`, fileName, content, 'text/html');
  const timeline = async (as: TestUser) => {
    const response = await world.app.request<{ items: Entry[] }>(as, 'GET', `/api/v1/cases/${opened.id}/timeline`);
    expect(response.status).toBe(200);
    return response.body.items;
  };

  it('an agent replies in public with a photo and a PDF: both typed from their bytes, listed on the reply, mailed with it', async () => {
    const photo = await upload(world.engineer, 'rack photo.png', PNG);
    expect(photo.statusCode, photo.body).toBe(201);
    // The browser said text/html; the bytes say PNG.
    expect(photo.json<Attachment>()).toMatchObject({
      fileName: 'rack photo.png',
      contentType: 'image/png',
      inline: true,
      sizeBytes: PNG.length,
    });
    const report = await upload(world.engineer, 'report.pdf', PDF);
    expect(report.json<Attachment>()).toMatchObject({ contentType: 'application/pdf', inline: false });
    const ids = [photo.json<Attachment>().id, report.json<Attachment>().id];
    expect(await world.app.storedFileKeys()).toEqual(expect.arrayContaining(ids.map((id) => `case-attachments/${id}.bin`)));

    const reply = await world.app.request(world.engineer, 'POST', `/api/v1/cases/${opened.id}/notes`, {
      body: 'Photo of the rack and the test report attached.',
      visibility: 'public',
      attachmentIds: ids,
    });
    expect(reply.status, JSON.stringify(reply.body)).toBe(204);
    const entry = (await timeline(world.customer)).find((item) => item.kind === 'case.note')!;
    expect(entry.attachments.map((file) => file.fileName).sort()).toEqual(['rack photo.png', 'report.pdf']);

    // The outbox keeps the files by reference, not their bytes.
    const outbox = await world.app.storage.db
      .selectFrom('outbox_messages')
      .select(['attachment_ids_json', 'text_body', 'html_body'])
      .where('kind', '=', 'case-reply')
      .where('case_id', '=', opened.id)
      .execute();
    expect(outbox).toHaveLength(1);
    expect(JSON.parse(outbox[0]!.attachment_ids_json!)).toEqual(ids);
    expect((await mailOut.deliver(world.app.context)).failed).toBe(0);
    const mail = mailOut.sink.received.find(
      (received) => received.to.includes(world.contact.email) && received.text.includes('Photo of the rack'),
    )!;
    expect(mail.attachments!.map((file) => [file.fileName, file.contentType]).sort()).toEqual([
      ['rack photo.png', 'image/png'],
      ['report.pdf', 'application/pdf'],
    ]);
    expect(mail.attachments!.find((file) => file.fileName === 'rack photo.png')!.content.equals(PNG)).toBe(true);
  });

  it('serves images inline and anything else as a download, never sniffed; a customer of another organisation gets 404', async () => {
    const files = (await timeline(world.customer)).flatMap((item) => item.attachments);
    const photo = files.find((file) => file.fileName === 'rack photo.png')!;
    const report = files.find((file) => file.fileName === 'report.pdf')!;
    const image = await world.app.inject({ method: 'GET', url: photo.downloadUrl, headers: world.customer.headers });
    expect(image.statusCode).toBe(200);
    expect(image.headers['content-type']).toBe('image/png');
    expect(image.headers['content-disposition']).toBe(`inline; filename*=UTF-8''rack%20photo.png`);
    expect(image.headers['x-content-type-options']).toBe('nosniff');
    expect(image.rawPayload.equals(PNG)).toBe(true);
    const pdf = await world.app.inject({ method: 'GET', url: report.downloadUrl, headers: world.customer.headers });
    expect(pdf.headers['content-disposition']).toBe(`attachment; filename*=UTF-8''report.pdf`);
    expect(pdf.headers['x-content-type-options']).toBe('nosniff');
    expect((await world.app.inject({ method: 'GET', url: photo.downloadUrl, headers: world.otherCustomer.headers })).statusCode).toBe(404);
    // Nor can they upload to it.
    expect((await upload(world.otherCustomer, 'x.txt', Buffer.from('hello'))).statusCode).toBe(404);
  });

  it("an internal note's file is the staff's: missing from the customer's timeline, 404 on download", async () => {
    const log = await upload(world.engineer, 'switch.log', Buffer.from('%LINK-3-UPDOWN: Interface Gi1/0/1, changed state to down\n'));
    expect(log.json<Attachment>().contentType).toBe('text/plain; charset=utf-8');
    const note = await world.app.request(world.engineer, 'POST', `/api/v1/cases/${opened.id}/notes`, {
      body: 'Log from the switch.',
      visibility: 'internal',
      attachmentIds: [log.json<Attachment>().id],
    });
    expect(note.status).toBe(204);
    const staffSees = (await timeline(world.secretary)).flatMap((item) => item.attachments.map((file) => file.fileName));
    expect(staffSees).toContain('switch.log');
    const customerSees = (await timeline(world.customer)).flatMap((item) => item.attachments.map((file) => file.fileName));
    expect(customerSees).not.toContain('switch.log');
    const url = log.json<Attachment>().downloadUrl;
    expect((await world.app.inject({ method: 'GET', url, headers: world.customer.headers })).statusCode).toBe(404);
    expect((await world.app.inject({ method: 'GET', url, headers: world.secretary.headers })).statusCode).toBe(200);
  });

  it('a customer sends a portal message with a file; an upload not yet sent is only its uploader’s, and only once', async () => {
    const photo = await upload(world.customer, 'error screen.png', PNG);
    expect(photo.statusCode).toBe(201);
    const draft = photo.json<Attachment>();
    // Not sent yet: the uploader may look at it, nobody else.
    expect((await world.app.inject({ method: 'GET', url: draft.downloadUrl, headers: world.customer.headers })).statusCode).toBe(200);
    expect((await world.app.inject({ method: 'GET', url: draft.downloadUrl, headers: world.engineer.headers })).statusCode).toBe(404);
    const sendWith = (as: TestUser, ids: string[], body = 'This is what the screen shows.') =>
      world.app.request<Problem>(as, 'POST', `/api/v1/cases/${opened.id}/notes`, { body, visibility: 'public', attachmentIds: ids });
    // Someone else cannot send it.
    const stolen = await sendWith(world.engineer, [draft.id]);
    expect([stolen.status, stolen.body.field]).toEqual([400, 'attachmentIds']);
    expect((await sendWith(world.customer, [draft.id])).status).toBe(204);
    expect((await world.app.inject({ method: 'GET', url: draft.downloadUrl, headers: world.engineer.headers })).statusCode).toBe(200);
    // Sent once, it stays with its message.
    const again = await sendWith(world.customer, [draft.id], 'Once more');
    expect([again.status, again.body.field]).toEqual([400, 'attachmentIds']);
    // A file of another case is not one of this case's drafts.
    const other = await logCase(world, { title: 'Another case' });
    const elsewhere = await upload(world.customer, 'other.png', PNG, other.id);
    const wrongCase = await sendWith(world.customer, [elsewhere.json<Attachment>().id], 'Wrong case');
    expect(wrongCase.status).toBe(400);
  });

  it('a message of files only is sent: public reply (mailed naming and carrying the file, English and Chinese), note, portal message', async () => {
    const chineseCase = await logCase(world, { title: '核心交换机丢包', contactId: world.chineseContact.id });
    for (const [caseId, contactEmail, line] of [
      [opened.id, world.contact.email, 'Files attached: wiring.pdf'],
      [chineseCase.id, world.chineseContact.email, '附件：wiring.pdf'],
    ] as const) {
      const file = await upload(world.engineer, 'wiring.pdf', PDF, caseId);
      expect(file.statusCode, file.body).toBe(201);
      const reply = await world.app.request(world.engineer, 'POST', `/api/v1/cases/${caseId}/notes`, {
        body: '',
        visibility: 'public',
        attachmentIds: [file.json<Attachment>().id],
      });
      expect(reply.status, JSON.stringify(reply.body)).toBe(204);
      expect((await mailOut.deliver(world.app.context)).failed).toBe(0);
      const mail = mailOut.sink.received.find((received) => received.to.includes(contactEmail) && received.text.includes(line));
      expect(mail, `a mail to ${contactEmail} saying "${line}"`).toBeDefined();
      expect(mail!.attachments!.map((attached) => attached.fileName)).toEqual(['wiring.pdf']);
      expect(mail!.attachments![0]!.content.equals(PDF)).toBe(true);
    }
    // An internal note of a file only, the text left out altogether.
    const log = await upload(world.engineer, 'trace.log', Buffer.from('trace\n'));
    const note = await world.app.request(world.engineer, 'POST', `/api/v1/cases/${opened.id}/notes`, {
      visibility: 'internal',
      attachmentIds: [log.json<Attachment>().id],
    });
    expect(note.status, JSON.stringify(note.body)).toBe(204);
    // The customer's portal message of a screenshot only.
    const screen = await upload(world.customer, 'screen.png', PNG);
    const message = await world.app.request(world.customer, 'POST', `/api/v1/cases/${opened.id}/notes`, {
      body: '   ',
      visibility: 'public',
      attachmentIds: [screen.json<Attachment>().id],
    });
    expect(message.status, JSON.stringify(message.body)).toBe(204);
    const entries = await timeline(world.secretary);
    const byFile = (name: string) => entries.find((entry) => entry.attachments.some((attached) => attached.fileName === name))!;
    expect([byFile('trace.log').visibility, byFile('trace.log').data.body]).toEqual(['internal', '']);
    expect([byFile('screen.png').visibility, byFile('screen.png').data.body]).toEqual(['public', '']);
  });

  it('a message with neither text nor files is refused, naming body', async () => {
    for (const payload of [
      { body: '', visibility: 'public' },
      { body: '  ', visibility: 'internal', attachmentIds: [] },
      { visibility: 'public' },
    ]) {
      const refused = await world.app.request<Problem>(world.engineer, 'POST', `/api/v1/cases/${opened.id}/notes`, payload);
      expect([refused.status, refused.body.errors?.map((error) => error.field)], JSON.stringify(refused.body)).toEqual([400, ['body']]);
    }
  });

  it('refuses a file over the configured limit with a 413 problem naming the field, in the reader’s language', async () => {
    const before = (await world.app.storedFileKeys()).length;
    world.app.context.attachmentMaxBytes = 1024;
    try {
      // The limit is read when the routes are built; the service checks it again for every file.
      const big = await upload(world.engineer, 'big.log', Buffer.alloc(2048, 0x61));
      expect([400, 413]).toContain(big.statusCode);
      expect(big.json<Problem>().field).toBe('file');
      expect(big.json<Problem>().detail).toContain('1 KB');
    } finally {
      delete world.app.context.attachmentMaxBytes;
    }
    const huge = await upload(world.engineer, 'huge.log', Buffer.alloc(20 * 1024 * 1024 + 1, 0x61));
    expect(huge.statusCode).toBe(413);
    expect(huge.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(huge.json<Problem>().errors!.map((error) => error.field)).toEqual(['file']);
    const chineseEngineer = await world.app.user('executive', { language: 'zh-CN' });
    const chinese = await world.app.inject({
      method: 'POST',
      url: `/api/v1/cases/${opened.id}/attachments`,
      headers: { ...chineseEngineer.headers, 'content-type': 'multipart/form-data; boundary=b' },
      payload: Buffer.concat([
        Buffer.from('--b\r\nContent-Disposition: form-data; name="file"; filename="huge.log"\r\n\r\n'),
        Buffer.alloc(20 * 1024 * 1024 + 1, 0x61),
        Buffer.from('\r\n--b--\r\n'),
      ]),
    });
    expect(chinese.statusCode).toBe(413);
    expect(chinese.json<Problem>().detail).toContain('20 MB');
    expect(chinese.json<Problem>().detail).toContain('上限');
    expect((await world.app.storedFileKeys()).length).toBe(before);
  });
});
