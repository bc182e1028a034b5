import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fireDueEscalations } from '../../src/services/escalations/fire-due-escalations.js';
import type { ServiceContext } from '../../src/services/context.js';
import { ManualClock } from '../../src/services/context.js';
import type { Storage } from '../../src/storage/db.js';
import {
  HOUR,
  iso,
  logCase,
  notificationsOf,
  setUpEscalationWorld,
  stepFor,
  timelineOf,
  type EscalationWorld,
  type LadderStep,
} from '../escalations/escalation-world.js';
import { describeOnEachDatabase } from '../support/databases.js';
import { TestApp, type TestUser } from '../support/test-app.js';

const T0 = Date.parse('2026-03-02T08:00:00.000Z');

interface AcknowledgedStep extends LadderStep {
  acknowledgedBy: string | null;
  acknowledgedByName: string | null;
  acknowledgedReason: string | null;
  can: { acknowledge: boolean; acknowledgeNeedsReason: boolean };
}

describeOnEachDatabase('upgrading reports: who is told as they chose, and who may acknowledge', (database) => {
  let app: TestApp;
  let world: EscalationWorld;
  beforeAll(async () => {
    app = await TestApp.start(database, { clock: new ManualClock(iso(T0)) });
    world = await setUpEscalationWorld(app);
  });
  afterAll(async () => {
    await app?.stop();
  });

  const ladder = async (caseId: string, as: TestUser = world.secretary): Promise<AcknowledgedStep[]> => {
    const response = await app.request<{ steps: AcknowledgedStep[] }>(as, 'GET', `/api/v1/cases/${caseId}/escalations`);
    expect(response.status).toBe(200);
    return response.body.steps;
  };
  const acknowledge = (as: TestUser, caseId: string, stepId: string, body?: Record<string, unknown>) =>
    app.request<{ errors?: { field: string }[]; field?: string }>(
      as,
      'POST',
      `/api/v1/cases/${caseId}/escalations/${stepId}/acknowledgement`,
      body,
    );
  const escalationMailsTo = async (userId: string, caseId: string) =>
    app.storage.db
      .selectFrom('outbox_messages')
      .select('id')
      .where('kind', '=', 'escalation')
      .where('recipient_user_id', '=', userId)
      .where('case_id', '=', caseId)
      .execute();

  it("a secretary may not acknowledge a manager's step; an admin may only with a reason, which the ladder shows with who and when", async () => {
    // Logged five hours late at level 1: the department manager's (1 h) and the Operation Center GM's (4 h) steps fire at once.
    const opened = await logCase(world, { level: 1, receivedAt: iso(T0 - 5 * HOUR) });
    const manager = world.holders['department-manager'];
    const managerStep = stepFor(await ladder(opened.id, manager), 'department-manager') as AcknowledgedStep;
    expect(managerStep.status).toBe('fired');
    expect(managerStep.can).toEqual({ acknowledge: true, acknowledgeNeedsReason: false });
    expect((stepFor(await ladder(opened.id, world.secretary), 'department-manager') as AcknowledgedStep).can.acknowledge).toBe(false);
    expect((stepFor(await ladder(opened.id, world.admin), 'department-manager') as AcknowledgedStep).can).toEqual({
      acknowledge: true,
      acknowledgeNeedsReason: true,
    });

    const bySecretary = await acknowledge(world.secretary, opened.id, managerStep.id);
    expect(bySecretary.status, JSON.stringify(bySecretary.body)).toBe(403);
    expect((await acknowledge(world.holders['vp-in-charge'], opened.id, managerStep.id)).status).toBe(403);
    for (const body of [undefined, {}, { reason: '   ' }]) {
      const refused = await acknowledge(world.admin, opened.id, managerStep.id, body);
      expect(refused.status).toBe(400);
      expect(refused.body.errors?.map((error) => error.field) ?? [refused.body.field]).toContain('reason');
    }
    app.clock.set(T0 + 10 * 60_000);
    const done = await acknowledge(world.admin, opened.id, managerStep.id, { reason: 'On leave; I called him and he knows.' });
    expect(done.status, JSON.stringify(done.body)).toBe(204);
    const after = stepFor(await ladder(opened.id), 'department-manager') as AcknowledgedStep;
    expect(after).toMatchObject({
      acknowledgedAt: iso(T0 + 10 * 60_000),
      acknowledgedBy: world.admin.id,
      acknowledgedByName: 'Ada Admin',
      acknowledgedReason: 'On leave; I called him and he knows.',
      can: { acknowledge: false, acknowledgeNeedsReason: false },
    });
    expect((await acknowledge(manager, opened.id, managerStep.id)).status).toBe(409);
    const entry = (await timelineOf(world, opened.id)).find((item) => item.kind === 'escalation.acknowledged');
    expect(entry).toMatchObject({
      actorUserId: world.admin.id,
      data: { position: 'department-manager', onBehalfOf: [manager.name], reason: 'On leave; I called him and he knows.' },
    });

    // A recipient acknowledges their own report without giving a reason.
    const gm = world.holders['operation-center-gm'];
    const gmStep = stepFor(await ladder(opened.id, gm), 'operation-center-gm');
    expect((await acknowledge(gm, opened.id, gmStep.id)).status).toBe(204);
    expect(stepFor(await ladder(opened.id), 'operation-center-gm')).toMatchObject({
      acknowledgedByName: gm.name,
      acknowledgedReason: null,
    });
  });

  it('a holder is told of a report on the channels they chose; the step names them either way, so they can acknowledge it', async () => {
    const vp = world.holders['vp-in-charge'];
    const president = world.holders.president;
    expect(
      (await app.request(vp, 'PUT', '/api/v1/me/notification-preferences', { preferences: { escalation: { email: false } } })).status,
    ).toBe(200);
    expect(
      (await app.request(president, 'PUT', '/api/v1/me/notification-preferences', { preferences: { escalation: { inApp: false } } }))
        .status,
    ).toBe(200);
    // Level 1, 50 hours late: the VP's (24 h) and the President's (48 h) steps fire at once.
    const opened = await logCase(world, { level: 1, receivedAt: iso(app.clock.now().getTime() - 50 * HOUR) });
    expect((await notificationsOf(world, vp)).filter((item) => item.caseId === opened.id).map((item) => item.kind)).toEqual(['escalation']);
    expect(await escalationMailsTo(vp.id, opened.id)).toHaveLength(0);
    expect((await notificationsOf(world, president)).filter((item) => item.caseId === opened.id)).toEqual([]);
    expect(await escalationMailsTo(president.id, opened.id)).toHaveLength(1);
    expect(stepFor(await ladder(opened.id, vp), 'vp-in-charge')).toMatchObject({
      recipients: [expect.objectContaining({ userId: vp.id })],
      can: { acknowledge: true },
    });
  });

  it('a step that told nobody (a department without a manager) has no acknowledge button, an admin neither, and the API refuses it', async () => {
    const department = await app.request<{ id: string }>(world.admin, 'POST', '/api/v1/departments', {
      name: 'Night Shift (no manager yet)',
    });
    expect(department.status).toBe(201);
    const opened = await logCase(world, {
      level: 1,
      receivedAt: iso(app.clock.now().getTime() - 2 * HOUR),
      departmentId: department.body.id,
    });
    const step = stepFor(await ladder(opened.id, world.admin), 'department-manager') as AcknowledgedStep;
    expect(step).toMatchObject({ status: 'fired', unfilled: true, can: { acknowledge: false } });
    const refused = await acknowledge(world.admin, opened.id, step.id, { reason: 'Nobody to ask.' });
    expect(refused.status).toBe(409);
  });

  describe.skipIf(database !== 'postgres')('two instances ticking at once', () => {
    let second: Storage;
    let secondContext: ServiceContext;
    beforeAll(async () => {
      second = await app.database.open();
      secondContext = { ...app.context, storage: second };
    });
    afterAll(async () => {
      await second?.close();
    });

    it('each report reaches its holder once, in the app and by mail', async () => {
      const start = app.clock.now().getTime();
      const cases = [];
      for (let index = 0; index < 6; index++) cases.push(await logCase(world, { level: 2, title: `Twin tick ${index}` }));
      app.clock.set(start + 5 * HOUR);
      await Promise.all([fireDueEscalations(app.context), fireDueEscalations(secondContext), fireDueEscalations(app.context)]);
      const manager = world.holders['department-manager'];
      const ids = new Set(cases.map((item) => item.id));
      const told = (await notificationsOf(world, manager)).filter((item) => item.caseId !== null && ids.has(item.caseId));
      expect(told.map((item) => item.caseId).sort()).toEqual([...ids].sort());
      for (const item of cases) expect(await escalationMailsTo(manager.id, item.id)).toHaveLength(1);
    });
  });
});
