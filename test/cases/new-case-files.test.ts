import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeOnEachDatabase } from '../support/databases.js';
import { PDF, PNG } from '../support/sample-files.js';
import type { TestUser } from '../support/test-app.js';
import { logCase, startServiceLoopWorld, type CaseBody, type ServiceLoopWorld } from '../service-records/service-loop-world.js';

interface Attachment {
  id: string;
  caseId: string | null;
  fileName: string;
  contentType: string;
  inline: boolean;
  downloadUrl: string;
}
interface Entry {
  kind: string;
  visibility: string;
  attachments: Attachment[];
}
interface Problem {
  status: number;
  field?: string;
  errors?: { field: string; message: string }[];
}

describeOnEachDatabase('files with a case as it is logged: portal and hotline intake', (database) => {
  let world: ServiceLoopWorld;

  beforeAll(async () => {
    world = await startServiceLoopWorld(database);
  });
  afterAll(async () => {
    await world?.app.stop();
  });

  const uploadForNewCase = (as: TestUser, fileName: string, content: Buffer) =>
    world.app.upload(as, '/api/v1/cases/attachments', fileName, content, 'application/octet-stream');
  const uploaded = async (as: TestUser, fileName: string, content: Buffer) => {
    const response = await uploadForNewCase(as, fileName, content);
    expect(response.statusCode, response.body).toBe(201);
    return response.json<Attachment>();
  };
  const portalCase = (as: TestUser, overrides: Record<string, unknown>) =>
    world.app.request<CaseBody & Problem>(as, 'POST', '/api/v1/cases', {
      organizationId: world.organization.id,
      channel: 'portal',
      level: 3,
      title: 'Display shows an error',
      description: 'The photo shows the error on the display.',
      ...overrides,
    });
  const firstEntry = async (as: TestUser, caseId: string) => {
    const response = await world.app.request<{ items: Entry[] }>(as, 'GET', `/api/v1/cases/${caseId}/timeline`);
    expect(response.status).toBe(200);
    return response.body.items.find((entry) => entry.kind === 'case.description')!;
  };
  const get = (as: TestUser, url: string) => world.app.inject({ method: 'GET', url, headers: as.headers });
  const caseCount = async () =>
    Number(
      (
        await world.app.storage.db
          .selectFrom('cases')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('a customer logs a case in the portal with a photo: it is on the case’s description, public, typed from its bytes', async () => {
    const photo = await uploaded(world.customer, 'display.png', PNG);
    expect(photo).toMatchObject({ caseId: null, contentType: 'image/png', inline: true });
    // Before the case exists only the uploader sees it (the form's preview).
    expect((await get(world.customer, photo.downloadUrl)).statusCode).toBe(200);
    expect((await get(world.secretary, photo.downloadUrl)).statusCode).toBe(404);
    expect((await get(world.otherCustomer, photo.downloadUrl)).statusCode).toBe(404);

    const opened = await portalCase(world.customer, { attachmentIds: [photo.id] });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    for (const reader of [world.customer, world.secretary]) {
      const entry = await firstEntry(reader, opened.body.id);
      expect(entry.visibility).toBe('public');
      expect(entry.attachments.map((file) => [file.fileName, file.caseId])).toEqual([['display.png', opened.body.id]]);
      const download = await get(reader, entry.attachments[0]!.downloadUrl);
      expect(download.statusCode).toBe(200);
      expect(download.rawPayload.equals(PNG)).toBe(true);
    }
    // Sent with the case: no longer an upload waiting for one.
    expect((await get(world.customer, photo.downloadUrl)).statusCode).toBe(404);
    expect((await get(world.otherCustomer, `/api/v1/cases/${opened.body.id}/attachments/${photo.id}`)).statusCode).toBe(404);
    // The acknowledgement carries nothing new: no files.
    const acknowledgements = await world.app.storage.db
      .selectFrom('outbox_messages')
      .select('attachment_ids_json')
      .where('case_id', '=', opened.body.id)
      .execute();
    expect(acknowledgements.map((mail) => mail.attachment_ids_json)).not.toContainEqual(expect.stringContaining(photo.id));
  });

  it('a customer attaches only files they uploaded for a new case and have not sent; anything else writes nothing and names attachmentIds', async () => {
    const staffFile = await uploaded(world.secretary, 'staff.pdf', PDF);
    const onACase = await logCase(world, { title: 'A case with a draft' });
    const draft = await world.app.upload(world.customer, `/api/v1/cases/${onACase.id}/attachments`, 'draft.png', PNG, 'image/png');
    expect(draft.statusCode).toBe(201);
    const sent = await uploaded(world.customer, 'sent.png', PNG);
    expect((await portalCase(world.customer, { title: 'First with the file', attachmentIds: [sent.id] })).status).toBe(201);
    const mine = await uploaded(world.customer, 'mine.png', PNG);

    const before = await caseCount();
    for (const attachmentIds of [
      [staffFile.id],
      [draft.json<Attachment>().id],
      [sent.id],
      [mine.id, staffFile.id],
      ['01J00000000000000000000000'],
    ]) {
      const refused = await portalCase(world.customer, { attachmentIds });
      expect([refused.status, refused.body.field], JSON.stringify(refused.body)).toEqual([400, 'attachmentIds']);
    }
    expect(await caseCount()).toBe(before);
    // Still the customer's to send.
    expect((await get(world.customer, mine.downloadUrl)).statusCode).toBe(200);
    expect((await portalCase(world.customer, { attachmentIds: [mine.id] })).status).toBe(201);
  });

  it('the hotline logs a case with the caller’s file, also with an Idempotency-Key: a repeat answers the same case, the file on it once', async () => {
    const report = await uploaded(world.secretary, 'fault report.pdf', PDF);
    const body = {
      organizationId: world.organization.id,
      contactId: world.contact.id,
      departmentId: world.department.id,
      channel: 'hotline',
      level: 2,
      title: 'UPS alarm, report attached',
      description: 'The caller mailed the fault report to the hotline.',
      attachmentIds: [report.id],
    };
    const send = async () => {
      const response = await world.app.inject({
        method: 'POST',
        url: '/api/v1/cases',
        headers: { ...world.secretary.headers, 'idempotency-key': '"intake-with-file"' },
        payload: body,
      });
      return { status: response.statusCode, body: response.json<CaseBody>() };
    };
    const first = await send();
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const repeat = await send();
    expect([repeat.status, repeat.body.id]).toEqual([201, first.body.id]);
    const entry = await firstEntry(world.customer, first.body.id);
    expect(entry.attachments.map((file) => [file.fileName, file.contentType])).toEqual([['fault report.pdf', 'application/pdf']]);
    const rows = await world.app.storage.db.selectFrom('case_attachments').selectAll().where('id', '=', report.id).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ case_id: first.body.id, visibility: 'public' });
  });

  it('refuses bad input naming the field: attachmentIds not ids or too many, an empty file', async () => {
    for (const attachmentIds of ['01J00000000000000000000000', [42], Array.from({ length: 21 }, () => '01J00000000000000000000000')]) {
      const refused = await portalCase(world.customer, { attachmentIds });
      expect(refused.status, JSON.stringify(refused.body)).toBe(400);
      expect(refused.body.errors?.map((error) => error.field.split('.')[0]) ?? [refused.body.field]).toContain('attachmentIds');
    }
    const empty = await uploadForNewCase(world.customer, 'empty.txt', Buffer.alloc(0));
    expect([empty.statusCode, empty.json<Problem>().field]).toEqual([400, 'file']);
  });
});
