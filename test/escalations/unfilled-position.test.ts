import { afterAll, beforeAll, expect, it } from 'vitest';
import { ManualClock } from '../../src/services/context.js';
import { describeOnEachDatabase } from '../support/databases.js';
import { TestApp } from '../support/test-app.js';
import {
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

  it('a case without a service department has no manager to tell: alerted, not skipped', async () => {
    const t0 = app.clock.now().getTime();
    const created = await logCase(world, { level: 1, departmentId: null });
    await tickAt(app, t0, 1);
    expect(stepFor(await ladderOf(world, created.id), 'department-manager')).toMatchObject({ status: 'fired', recipients: [] });
    expect(await alerts()).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ key: 'unfilled:department-manager:no-department', missedReports: 1, lastCaseId: created.id }),
      ]),
    );
    const alertMail = (await outboxOf(world)).find((mail) => mail.caseId === created.id && mail.kind === 'configuration-alert');
    expect(alertMail?.to).toBe(world.admin.email);
  });

  it('the alert disappears once the position is filled, and the next report reaches the new holder', async () => {
    const newGm = await app.user('manager', { name: 'New GM' });
    expect((await app.request(world.admin, 'PUT', '/api/v1/positions/operation-center-gm', { userId: newGm.id })).status).toBe(200);
    expect((await alerts()).map((alert) => alert.key)).not.toContain('unfilled:operation-center-gm:company');
    const t0 = app.clock.now().getTime();
    const created = await logCase(world, { level: 1 });
    await tickAt(app, t0, 4);
    expect(stepFor(await ladderOf(world, created.id), 'operation-center-gm').recipients).toEqual([
      expect.objectContaining({ userId: newGm.id, email: newGm.email }),
    ]);
  });
});
