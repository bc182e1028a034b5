import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startBackgroundJobs } from '../../src/jobs/background-jobs.js';
import { purgeUnsentUploads } from '../../src/services/attachments/purge-unsent-uploads.js';
import type { ServiceContext } from '../../src/services/context.js';
import type { Storage } from '../../src/storage/db.js';
import { deleteUnsentUploads, findUnsentUploadsBefore } from '../../src/storage/repositories/case-attachments.js';
import { describeOnEachDatabase } from '../support/databases.js';
import { PDF, PNG } from '../support/sample-files.js';
import { logCase, startServiceLoopWorld, type CaseBody, type ServiceLoopWorld } from '../service-records/service-loop-world.js';

describeOnEachDatabase('uploads never sent with a message are purged after a day, by any number of instances at once', (database) => {
  let world: ServiceLoopWorld;
  let opened: CaseBody;
  let second: Storage;
  let instances: ServiceContext[];

  beforeAll(async () => {
    world = await startServiceLoopWorld(database);
    opened = await logCase(world);
    // A second instance: its own connections to the same database, the same data folder and clock.
    second = await world.app.database.open();
    instances = [world.app.context, { ...world.app.context, storage: second }];
  });
  afterAll(async () => {
    await second?.close();
    await world?.app.stop();
  });

  const upload = async (fileName: string, content: Buffer) => {
    const response = await world.app.upload(world.engineer, `/api/v1/cases/${opened.id}/attachments`, fileName, content);
    expect(response.statusCode, response.body).toBe(201);
    return response.json<{ id: string }>().id;
  };
  const rows = async () =>
    (await world.app.storage.db.selectFrom('case_attachments').select('id').where('case_id', '=', opened.id).execute()).map(
      (row) => row.id,
    );
  const key = (id: string) => `case-attachments/${id}.bin`;
  const side = (maxAgeHours?: number) => Promise.all(instances.map((instance) => purgeUnsentUploads(instance, maxAgeHours)));

  it('two instances side by side delete each old unsent upload once, with its bytes; sent and recent ones stay', async () => {
    const abandoned = [await upload('abandoned.pdf', PDF), await upload('abandoned.png', PNG)];
    const bytesGone = await upload('bytes-gone.pdf', PDF);
    const sent = await upload('sent.pdf', PDF);
    const note = await world.app.request(world.engineer, 'POST', `/api/v1/cases/${opened.id}/notes`, {
      body: 'Report attached.',
      visibility: 'internal',
      attachmentIds: [sent],
    });
    expect(note.status).toBe(204);
    world.app.clock.advanceHours(23);
    const recent = await upload('recent.png', PNG);
    // Its bytes already removed (by hand, or by a run that died after the commit): removing them again is no error.
    if (database === 'postgres') await world.app.storage.db.deleteFrom('stored_files').where('key', '=', key(bytesGone)).execute();
    else fs.rmSync(path.join(world.app.context.filesDir!, key(bytesGone)));

    // Not yet a day old: nothing goes.
    expect(await side()).toEqual([0, 0]);
    world.app.clock.advanceHours(2);
    const purged = await side();
    expect(purged[0]! + purged[1]!).toBe(3);
    expect((await rows()).sort()).toEqual([sent, recent].sort());
    const keys = await world.app.storedFileKeys();
    for (const id of [...abandoned, bytesGone]) expect(keys).not.toContain(key(id));
    expect(keys).toEqual(expect.arrayContaining([key(sent), key(recent)]));
    // Run again: nothing left to do, and no error.
    expect(await side()).toEqual([0, 0]);

    // A purged upload cannot be sent any more.
    const late = await world.app.request<{ field?: string }>(world.engineer, 'POST', `/api/v1/cases/${opened.id}/notes`, {
      body: 'Forgot the file',
      visibility: 'public',
      attachmentIds: [abandoned[0]],
    });
    expect([late.status, late.body.field]).toEqual([400, 'attachmentIds']);
  });

  it('the age is configurable (CASEDESK_UNSENT_UPLOAD_MAX_AGE_HOURS): with one hour the two-hour-old upload goes too', async () => {
    const sentBefore = (await rows()).length;
    expect(await side(3)).toEqual([0, 0]);
    const purged = await side(1);
    expect(purged[0]! + purged[1]!).toBe(1);
    expect((await rows()).length).toBe(sentBefore - 1);
  });

  it('two instances that picked the same uploads delete each once: the delete is conditional', async () => {
    const picked = [await upload('a.pdf', PDF), await upload('b.png', PNG)];
    world.app.clock.advanceHours(25);
    const before = new Date(world.app.clock.now().getTime() - 24 * 3_600_000).toISOString();
    // Both read the same due uploads before either deletes.
    const seen = await Promise.all(instances.map((instance) => findUnsentUploadsBefore(instance.storage.db, before, 100)));
    for (const due of seen) expect(due.map((row) => row.id).sort()).toEqual([...picked].sort());
    const deleted = await Promise.all(
      instances.map((instance, index) =>
        instance.storage.transaction((trx) =>
          deleteUnsentUploads(
            trx,
            seen[index]!.map((row) => row.id),
            before,
          ),
        ),
      ),
    );
    // Each key once in all: only the instance whose delete took a row removes its bytes.
    expect(deleted.flat().sort()).toEqual(picked.map(key).sort());
    expect(await purgeUnsentUploads(world.app.context)).toBe(0);
  });

  it("is one of every instance's repeating jobs, with the age from the configuration", async () => {
    const left = await upload('left.pdf', PDF);
    world.app.clock.advanceHours(5);
    const errors: unknown[] = [];
    const jobs = instances.map((context) =>
      startBackgroundJobs(
        context,
        {
          escalationTickMs: 3_600_000,
          outboxTickMs: 3_600_000,
          outboxLeaseMs: 10_000,
          smtpUrl: null,
          smtpConnections: 1,
          smtpMaxMessages: 1,
          mailFrom: 'CaseDesk <casedesk@casedesk.test>',
          unsentUploadMaxAgeHours: 4,
        },
        { error: (details) => errors.push(details), debug: () => undefined },
      ),
    );
    try {
      await Promise.all(jobs.map((job) => job.runNow('unsent-uploads')));
    } finally {
      await Promise.all(jobs.map((job) => job.stop()));
    }
    expect(errors).toEqual([]);
    expect(await rows()).not.toContain(left);
    expect(await world.app.storedFileKeys()).not.toContain(key(left));
  });
});
