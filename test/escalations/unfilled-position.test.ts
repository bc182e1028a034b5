import { afterAll, beforeAll, expect, it } from 'vitest';
import { ManualClock } from '../../src/services/context.js';
import { describeOnEachDatabase } from '../support/databases.js';
import { TestApp } from '../support/test-app.js';
import {
  escalationMailsOf,
  firedEventsOf,
  ladderOf,
  logCase,
  notificationsOf,
  outboxOf,
  setUpEscalationWorld,
  stepFor,
  tickAt,
  timelineOf,
  type EscalationWorld,
} from './escalation-world.js';

interface Alert {
  key: string;
  position: string;
  departmentId: string | null;
  missedReports: number;
  lastCaseId: string | null;
}

describeOnEachDatabase('an unfilled position: the report fires with nobody to tell, and admins are told instead', (database) => {
  let app: TestApp;
  let world: EscalationWorld;
  const alerts = async () => {
    const response = await app.request<{ items: Alert[] }>(world.admin, 'GET', '/api/v1/configuration-alerts');
    expect(response.status).toBe(200);
    return response.body.items;
  };

  beforeAll(async () => {
    app = await TestApp.start(database, { clock: new ManualClock('2026-03-02T08:00:00.000Z') });
    world = await setUpEscalationWorld(app);
    // The Operation Center GM leaves and nobody is named yet.
    expect((await app.request(world.admin, 'PUT', '/api/v1/positions/operation-center-gm', { userId: null })).status).toBe(200);
  });
  afterAll(() => app.stop());

  it('shows the gap before any report is missed', async () => {
    expect(await alerts()).toEqual([
      expect.objectContaining({ key: 'unfilled:operation-center-gm:company', missedReports: 0, lastCaseId: null }),
    ]);
  });

  it('fires the GM step with no recipient, alerts the admins by mail and in the app, and puts it on the timeline', async () => {
    const t0 = app.clock.now().getTime();
    const created = await logCase(world, { level: 1 });
    expect(stepFor(await ladderOf(world, created.id), 'operation-center-gm')).toMatchObject({ recipients: [], unfilled: true });
    await tickAt(app, t0, 4);

    const step = stepFor(await ladderOf(world, created.id), 'operation-center-gm');
    expect(step).toMatchObject({ status: 'fired', recipients: [], unfilled: true });
    const fired = (await firedEventsOf(world, created.id)).find((event) => event.data.position === 'operation-center-gm');
    expect(fired?.data).toMatchObject({ recipients: [], unfilled: true });
    const timelineAlert = (await timelineOf(world, created.id)).filter((entry) => entry.kind === 'configuration.alert');
    expect(timelineAlert).toHaveLength(1);
    expect(timelineAlert[0]!.data).toMatchObject({ alert: 'unfilled-position', position: 'operation-center-gm' });

    expect(await alerts()).toEqual([
      expect.objectContaining({ key: 'unfilled:operation-center-gm:company', missedReports: 1, lastCaseId: created.id }),
    ]);
    const outbox = (await outboxOf(world)).filter((mail) => mail.caseId === created.id);
    // Only the department manager got an escalation mail; the admin got the alert.
    expect(outbox.filter((mail) => mail.kind === 'escalation').map((mail) => mail.recipientUserId)).toEqual([
      world.holders['department-manager'].id,
    ]);
    const alertMails = outbox.filter((mail) => mail.kind === 'configuration-alert');
    expect(alertMails.map((mail) => mail.to)).toEqual([world.admin.email]);
    expect(alertMails[0]!.subject).toContain(created.number);
    // The alert names the real cause: the company position is empty.
    expect(alertMails[0]!.subject).toContain('the company position Operation Center general manager is empty');
    const adminNotifications = (await notificationsOf(world, world.admin)).filter(
      (entry) => entry.kind === 'configuration-alert' && entry.caseId === created.id,
    );
    expect(adminNotifications).toHaveLength(1);
    // The vendor report is independent of who holds the GM seat.
    expect((await app.request(world.secretary, 'GET', `/api/v1/cases/${created.id}/vendor-escalation`)).status).toBe(200);
    // It fired (and alerted) once: later ticks do not repeat it.
    await tickAt(app, t0, 10);
    expect((await alerts())[0]!.missedReports).toBe(1);
    expect((await outboxOf(world)).filter((mail) => mail.caseId === created.id && mail.kind === 'configuration-alert')).toHaveLength(1);
  });

  it('a case logged without a department takes the company default department, so its manager is told', async () => {
    const t0 = app.clock.now().getTime();
    const created = await logCase(world, { level: 1, departmentId: null });
    expect(created.departmentId).toBe(world.department.id);
    await tickAt(app, t0, 1);
    expect(stepFor(await ladderOf(world, created.id), 'department-manager').recipients).toEqual([
      expect.objectContaining({ userId: world.holders['department-manager'].id }),
    ]);
  });

  it('a department seat left empty: the alert names the position and the department, and the report reaches whoever fills it', async () => {
    const department = world.department;
    expect((await app.request(world.admin, 'PATCH', `/api/v1/departments/${department.id}`, { managerUserId: null })).status).toBe(200);
    const t0 = app.clock.now().getTime();
    const created = await logCase(world, { level: 1 });
    await tickAt(app, t0, 1.5);
    expect(stepFor(await ladderOf(world, created.id), 'department-manager')).toMatchObject({
      status: 'fired',
      recipients: [],
      unfilled: true,
    });
    const alertMail = (await outboxOf(world)).find((mail) => mail.caseId === created.id && mail.kind === 'configuration-alert');
    expect(alertMail?.subject).toContain(`the position department manager of department ${department.name} is empty`);
    const timelineAlert = (await timelineOf(world, created.id)).find((entry) => entry.kind === 'configuration.alert');
    expect(timelineAlert?.data).toMatchObject({ cause: 'position-empty', position: 'department-manager', departmentName: department.name });

    const newManager = await app.user('manager', { name: 'New Manager' });
    const filled = await app.request(world.admin, 'PATCH', `/api/v1/departments/${department.id}`, { managerUserId: newManager.id });
    expect(filled.status).toBe(200);
    expect(stepFor(await ladderOf(world, created.id), 'department-manager')).toMatchObject({
      status: 'fired',
      unfilled: false,
      recipients: [expect.objectContaining({ userId: newManager.id })],
    });
    const mails = (await escalationMailsOf(world, created.id)).filter((mail) => mail.recipientUserId === newManager.id);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toContain(created.number);
    expect(
      (await notificationsOf(world, newManager)).filter((entry) => entry.kind === 'escalation' && entry.caseId === created.id),
    ).toHaveLength(1);
    const delivered = (await timelineOf(world, created.id)).filter((entry) => entry.kind === 'escalation.delivered');
    expect(delivered).toHaveLength(1);
    expect(delivered[0]!.data).toMatchObject({
      position: 'department-manager',
      reason: 'position-filled',
      recipients: [expect.objectContaining({ userId: newManager.id })],
    });
    // Once: saving the department again sends nothing more.
    await app.request(world.admin, 'PATCH', `/api/v1/departments/${department.id}`, {
      managerUserId: world.holders['department-manager'].id,
    });
    await app.request(world.admin, 'PATCH', `/api/v1/departments/${department.id}`, { managerUserId: newManager.id });
    expect((await escalationMailsOf(world, created.id)).filter((mail) => mail.recipientUserId === newManager.id)).toHaveLength(1);
    expect(
      (
        await app.request(world.admin, 'PATCH', `/api/v1/departments/${department.id}`, {
          managerUserId: world.holders['department-manager'].id,
        })
      ).status,
    ).toBe(200);
  });

  it('the alert disappears once the position is filled, the missed report reaches the new holder, and so does the next', async () => {
    const missed = (await outboxOf(world)).find(
      (mail) => mail.kind === 'configuration-alert' && mail.subject.includes('Operation Center'),
    )!;
    const newGm = await app.user('manager', { name: 'New GM' });
    expect((await app.request(world.admin, 'PUT', '/api/v1/positions/operation-center-gm', { userId: newGm.id })).status).toBe(200);
    // The report that fired to the empty seat is delivered now, and the case timeline says so.
    expect((await escalationMailsOf(world, missed.caseId!)).map((mail) => mail.recipientUserId)).toContain(newGm.id);
    const delivered = (await timelineOf(world, missed.caseId!)).filter((entry) => entry.kind === 'escalation.delivered');
    expect(delivered.map((entry) => entry.data)).toEqual([
      expect.objectContaining({
        position: 'operation-center-gm',
        reason: 'position-filled',
        recipients: [expect.objectContaining({ userId: newGm.id })],
      }),
    ]);
    expect((await alerts()).map((alert) => alert.key)).not.toContain('unfilled:operation-center-gm:company');
    const t0 = app.clock.now().getTime();
    const created = await logCase(world, { level: 1 });
    await tickAt(app, t0, 4);
    expect(stepFor(await ladderOf(world, created.id), 'operation-center-gm').recipients).toEqual([
      expect.objectContaining({ userId: newGm.id, email: newGm.email }),
    ]);
  });
});
