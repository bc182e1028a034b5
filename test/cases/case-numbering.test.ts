import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Actor } from '../../src/domain/access/permissions.js';
import { openCase, type OpenCaseInput } from '../../src/services/cases/open-case.js';
import type { ServiceContext } from '../../src/services/context.js';
import type { Storage } from '../../src/storage/db.js';
import { describeOnEachDatabase } from '../support/databases.js';
import { ManualClock } from '../../src/services/context.js';
import { TestApp } from '../support/test-app.js';

const CASES = 120;

describeOnEachDatabase('case numbers: gap-free and unique when many cases are logged at once', (database) => {
  let app: TestApp;
  const extraStorages: Storage[] = [];
  let instances: ServiceContext[];
  let secretary: Actor;
  let organizationId: string;
  let departmentId: string;

  // Several instances share a PostgreSQL database; a SQLite database has one process and one writer, so there all the
  // calls queue on one connection and are committed in groups.
  const instanceCount = database === 'postgres' ? 3 : 1;
  const perInstance = CASES / instanceCount;

  beforeAll(async () => {
    app = await TestApp.start(database, { clock: new ManualClock('2026-03-02T08:00:00.000Z') });
    for (let index = 1; index < instanceCount; index++) extraStorages.push(await app.database.open());
    instances = [app.context, ...extraStorages.map((storage) => ({ ...app.context, storage }))];
    const user = await app.user('secretary');
    secretary = { userId: user.id, role: 'secretary', organizationId: null };
    organizationId = (await app.organization()).id;
    const manager = await app.user('manager');
    const department = await app.request<{ id: string }>(await app.user('admin'), 'POST', '/api/v1/departments', {
      name: 'Network services',
      managerUserId: manager.id,
    });
    departmentId = department.body.id;
  });
  afterAll(async () => {
    for (const storage of extraStorages) await storage.close();
    await app?.stop();
  });

  it('numbers every stored case once, in one unbroken sequence, while failing intakes leave no gap', async () => {
    const missing = '01900000-0000-7000-8000-000000000000';
    const call = (index: number): OpenCaseInput => ({
      // Every fifth names an organisation that does not exist: it fails on the foreign key, after numbering began.
      organizationId: index % 5 === 4 ? missing : organizationId,
      departmentId,
      channel: 'hotline',
      level: ((index % 4) + 1) as 1 | 2 | 3 | 4,
      title: `Call ${index}`,
      description: 'Logged while other instances log theirs.',
      serialNumbers: index % 3 === 0 ? [`SN-${index}`] : [],
      // Some were called in hours ago, so their due steps fire in the same transaction.
      ...(index % 7 === 0 ? { receivedAt: new Date(app.clock.now().getTime() - 30 * 3_600_000).toISOString() } : {}),
    });
    const outcomes = await Promise.allSettled(
      instances.flatMap((context, instance) =>
        Array.from({ length: perInstance }, (_, index) => openCase(context, secretary, call(instance * perInstance + index))),
      ),
    );
    const failed = outcomes.filter((outcome) => outcome.status === 'rejected');
    const opened = outcomes.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
    // Only the unknown organisation fails, and it is answered as such.
    expect(new Set(failed.map((outcome) => String((outcome as PromiseRejectedResult).reason)))).toEqual(
      new Set([`ServiceError: errors.notFound {"entity":"organization","id":"${missing}"}`]),
    );
    expect(failed).toHaveLength(CASES / 5);
    expect(opened).toHaveLength(CASES - failed.length);

    const year = app.clock.now().getUTCFullYear();
    const expected = opened.map((_, index) => `C-${year}-${String(index + 1).padStart(6, '0')}`);
    expect(opened.map((row) => row.number).sort()).toEqual(expected);
    const stored = await app.storage.db.selectFrom('cases').select(['id', 'number', 'next_escalation_due_at']).execute();
    expect(stored.map((row) => row.number).sort()).toEqual(expected);
    // What the intake answered is what was stored, names included.
    for (const row of opened) {
      expect(row.organization_name).toBeTruthy();
      expect(row.department_name).toBe('Network services');
      expect(stored.find((candidate) => candidate.id === row.id)?.number).toBe(row.number);
    }
    // Every case has its ladder, its creation event and its serial numbers.
    const steps = await app.storage.db.selectFrom('escalation_steps').select('case_id').distinct().execute();
    expect(steps).toHaveLength(opened.length);
    const created = await app.storage.db.selectFrom('case_events').select('case_id').where('kind', '=', 'case.created').execute();
    expect(created).toHaveLength(opened.length);
    const indices = Array.from({ length: CASES }, (_, index) => index).filter((index) => index % 5 !== 4);
    const serials = await app.storage.db.selectFrom('case_serial_numbers').select('serial_number').execute();
    expect(serials.map((row) => row.serial_number).sort()).toEqual(
      indices
        .filter((index) => index % 3 === 0)
        .map((index) => `SN-${index}`)
        .sort(),
    );
    // The calls logged late fired their due steps at once, and only they did.
    const late = new Set(indices.filter((index) => index % 7 === 0).map((index) => `Call ${index}`));
    const fired = await app.storage.db
      .selectFrom('case_events')
      .innerJoin('cases', 'cases.id', 'case_events.case_id')
      .select('cases.title')
      .distinct()
      .where('case_events.kind', '=', 'escalation.fired')
      .execute();
    expect(fired.length).toBeGreaterThan(0);
    expect(fired.filter((row) => !late.has(row.title))).toEqual([]);
  });

  it('numbers cases written together in one statement as one unbroken block after the earlier ones', async () => {
    const before = await app.storage.db.selectFrom('cases').select('number').execute();
    const outcomes = await Promise.all(
      instances.flatMap((context, instance) =>
        Array.from({ length: perInstance / 2 }, (_, index) =>
          openCase(context, secretary, {
            organizationId,
            departmentId,
            channel: 'portal',
            level: 3,
            title: `Together ${instance}-${index}`,
            description: 'All valid: these share statements on PostgreSQL and commits on SQLite.',
            serialNumbers: [`TG-${instance}-${index}`],
          }),
        ),
      ),
    );
    const year = app.clock.now().getUTCFullYear();
    const numbers = outcomes.map((row) => row.number).sort();
    expect(numbers).toEqual(outcomes.map((_, index) => `C-${year}-${String(before.length + index + 1).padStart(6, '0')}`));
    const serials = await app.storage.db
      .selectFrom('case_serial_numbers')
      .select(['case_id', 'serial_number'])
      .where('serial_number', 'like', 'TG-%')
      .execute();
    expect(new Map(serials.map((serial) => [serial.case_id, serial.serial_number]))).toEqual(
      new Map(outcomes.map((row) => [row.id, `TG-${row.title.slice('Together '.length)}`])),
    );
  });
});
