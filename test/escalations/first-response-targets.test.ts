import { afterAll, beforeAll, expect, it } from 'vitest';
import { ManualClock, type ServiceContext } from '../../src/services/context.js';
import { notifyFirstResponseBreaches } from '../../src/services/cases/notify-first-response-breaches.js';
import { backfillResolutionTimes } from '../../src/services/cases/backfill-working-times.js';
import type { Storage } from '../../src/storage/db.js';
import { describeOnEachDatabase } from '../support/databases.js';
import { createOfficeHoursPolicy } from '../support/office-hours.js';
import { TestApp, type TestUser } from '../support/test-app.js';
import { logCase, notificationsOf, outboxOf, setUpEscalationWorld, tick, type CaseBody, type EscalationWorld } from './escalation-world.js';

interface Targets {
  firstResponse:
    | { state: 'met'; dueAt: string; respondedAt: string }
    | { state: 'breached'; dueAt: string; breachedAt: string; respondedAt: string | null }
    | { state: 'pending'; dueAt: string; minutesLeft: number }
    | { state: 'none' };
  firstResponseBusinessMinutes: number | null;
  resolutionBusinessMinutes: number | null;
  highestEscalation: string | null;
}
type CaseWithTargets = CaseBody & { firstResponseDueAt: string | null; targets: Targets | null };

// Office hours in Beijing, Monday to Friday 09:00–18:00. Friday 2026-11-20 19:30 Beijing is 11:30 UTC.
const FRIDAY_EVENING = '2026-11-20T11:30:00.000Z';
const MONDAY_0900 = Date.parse('2026-11-23T01:00:00.000Z');
const MINUTE = 60_000;
const at = (ms: number) => new Date(ms).toISOString();

describeOnEachDatabase('first-response targets on the business calendar', (database) => {
  let app: TestApp;
  let world: EscalationWorld;
  let officePolicyId: string;

  beforeAll(async () => {
    app = await TestApp.start(database, { clock: new ManualClock('2026-11-20T11:45:00.000Z') });
    world = await setUpEscalationWorld(app);
    officePolicyId = await createOfficeHoursPolicy(app, world.admin, 'Office hours, Beijing');
  });
  afterAll(() => app.stop());

  const view = async (id: string) => {
    const response = await app.request<CaseWithTargets>(world.secretary, 'GET', `/api/v1/cases/${id}`);
    expect(response.status).toBe(200);
    return response.body;
  };
  /** A case logged on office hours: received at `receivedAt`, moved onto the office policy. */
  const officeCase = async (level: 1 | 2 | 3 | 4, receivedAt: string, title: string) => {
    const kase = await logCase(world, { level, receivedAt, title });
    const applied = await app.request(world.admin, 'POST', `/api/v1/cases/${kase.id}/policy`, { policyId: officePolicyId });
    expect(applied.status, JSON.stringify(applied.body)).toBe(200);
    return view(kase.id);
  };
  const move = async (id: string, to: string) => {
    const response = await app.request(world.secretary, 'POST', `/api/v1/cases/${id}/transitions`, { to });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
  };
  /** A public reply in the composer: what answers the customer. */
  const reply = async (id: string, as: TestUser = world.secretary) => {
    const response = await app.request(as, 'POST', `/api/v1/cases/${id}/notes`, { body: 'We are on it.', visibility: 'public' });
    expect(response.status, JSON.stringify(response.body)).toBe(204);
  };
  const phoneCall = async (id: string) => {
    const response = await app.request(world.secretary, 'POST', `/api/v1/cases/${id}/actions`, { type: 'phone', summary: 'Called back' });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
  };

  it('a case received Friday evening and answered Monday morning within its business minutes met the target', async () => {
    app.clock.set('2026-11-20T11:45:00.000Z');
    const kase = await officeCase(2, FRIDAY_EVENING, 'Friday evening call');
    // 30 business minutes from Friday 19:30 (closed): Monday 09:00 + 30 min.
    expect(kase.firstResponseDueAt).toBe(at(MONDAY_0900 + 30 * MINUTE));
    expect(kase.targets?.firstResponse).toEqual({ state: 'pending', dueAt: at(MONDAY_0900 + 30 * MINUTE), minutesLeft: 3705 });

    // Moving the case along answers nobody; the public reply ten minutes later is the first response.
    app.clock.set(MONDAY_0900 + 10 * MINUTE);
    await move(kase.id, 'diagnosing');
    expect((await view(kase.id)).targets?.firstResponse.state).toBe('pending');
    app.clock.set(MONDAY_0900 + 20 * MINUTE);
    await reply(kase.id);
    app.clock.set(MONDAY_0900 + 60 * MINUTE);
    await move(kase.id, 'resolved');
    const resolved = await view(kase.id);
    expect(resolved.targets).toEqual({
      firstResponse: { state: 'met', dueAt: at(MONDAY_0900 + 30 * MINUTE), respondedAt: at(MONDAY_0900 + 20 * MINUTE) },
      // Answered Monday 09:20: the weekend does not count either.
      firstResponseBusinessMinutes: 20,
      // Friday 19:30 to Monday 10:00: only Monday's first hour is business time.
      resolutionBusinessMinutes: 60,
      highestEscalation: null,
    });

    // Reopening clears the resolution time; resolving again measures it anew.
    app.clock.set(MONDAY_0900 + 90 * MINUTE);
    await move(kase.id, 'in_progress');
    expect((await view(kase.id)).targets?.resolutionBusinessMinutes).toBeNull();
    app.clock.set(MONDAY_0900 + 120 * MINUTE);
    await move(kase.id, 'resolved');
    expect((await view(kase.id)).targets?.resolutionBusinessMinutes).toBe(120);
  });

  it('an unanswered case breaches at its due time; the department manager is told once with two job runs side by side', async () => {
    app.clock.set('2026-11-20T11:45:00.000Z');
    const kase = await officeCase(1, FRIDAY_EVENING, 'Nobody answers this one');
    const due = MONDAY_0900 + 15 * MINUTE;
    expect(kase.firstResponseDueAt).toBe(at(due));

    const extra: Storage[] = [];
    try {
      // On PostgreSQL the second run is another instance: its own connections to the same database.
      if (database === 'postgres') extra.push(await app.database.open());
      const instances: ServiceContext[] = [
        app.context,
        extra[0] ? { storage: extra[0], clock: app.clock, publicUrl: app.context.publicUrl } : app.context,
      ];
      const notices = async () =>
        (await notificationsOf(world, world.holders['department-manager'])).filter(
          (notice) => notice.kind === 'first-response-breached' && notice.caseId === kase.id,
        );

      app.clock.set(due - MINUTE);
      await Promise.all(instances.map((instance) => notifyFirstResponseBreaches(instance)));
      expect(await notices()).toEqual([]);
      expect((await view(kase.id)).targets?.firstResponse.state).toBe('pending');

      app.clock.set(due + MINUTE);
      await Promise.all(instances.map((instance) => notifyFirstResponseBreaches(instance)));
      await Promise.all(instances.map((instance) => notifyFirstResponseBreaches(instance)));
      const told = await notices();
      expect(told).toHaveLength(1);
      expect(told[0]).toMatchObject({ title: `First-response target missed: ${kase.number}`, link: `/cases/${kase.id}` });
      const mails = (await outboxOf(world)).filter((mail) => mail.kind === 'first-response-breached' && mail.subject.includes(kase.number));
      expect(mails).toHaveLength(1);
      expect(mails[0]).toMatchObject({ recipientUserId: world.holders['department-manager'].id });
      expect((await view(kase.id)).targets?.firstResponse).toEqual({
        state: 'breached',
        dueAt: at(due),
        breachedAt: at(due),
        respondedAt: null,
      });
    } finally {
      for (const storage of extra) await storage.close();
    }

    // An hour of business time unanswered: the level-1 ladder reached the department manager.
    app.clock.set(MONDAY_0900 + 61 * MINUTE);
    await tick(app);
    await move(kase.id, 'in_progress');
    expect((await view(kase.id)).targets?.firstResponse).toMatchObject({ state: 'breached', respondedAt: null });
    app.clock.set(MONDAY_0900 + 70 * MINUTE);
    await phoneCall(kase.id);
    const answered = await view(kase.id);
    expect(answered.targets).toMatchObject({
      firstResponse: { state: 'breached', breachedAt: at(due), respondedAt: at(MONDAY_0900 + 70 * MINUTE) },
      highestEscalation: 'department-manager',
    });
  });

  it('a level change before the first response counts the new level’s target from received-at; after it, nothing moves', async () => {
    app.clock.set(MONDAY_0900 + 10 * MINUTE);
    const kase = await officeCase(4, at(MONDAY_0900), 'Level changes');
    expect(kase.firstResponseDueAt).toBe(at(MONDAY_0900 + 480 * MINUTE));
    app.clock.set(MONDAY_0900 + 20 * MINUTE);
    const raised = await app.request(world.secretary, 'POST', `/api/v1/cases/${kase.id}/level`, { level: 1, reason: 'plant down' });
    expect(raised.status, JSON.stringify(raised.body)).toBe(200);
    // Level 1 promises 15 minutes from 09:00: already breached at 09:20.
    expect((await view(kase.id)).targets?.firstResponse).toMatchObject({ state: 'breached', breachedAt: at(MONDAY_0900 + 15 * MINUTE) });
    const lowered = await app.request(world.secretary, 'POST', `/api/v1/cases/${kase.id}/level`, { level: 3, reason: 'workaround' });
    expect(lowered.status).toBe(200);
    expect((await view(kase.id)).targets?.firstResponse).toEqual({
      state: 'pending',
      dueAt: at(MONDAY_0900 + 120 * MINUTE),
      minutesLeft: 100,
    });

    await reply(kase.id);
    app.clock.set(MONDAY_0900 + 30 * MINUTE);
    const changed = await app.request(world.secretary, 'POST', `/api/v1/cases/${kase.id}/level`, { level: 1, reason: 'worse again' });
    expect(changed.status).toBe(200);
    const after = await view(kase.id);
    expect(after.firstResponseDueAt).toBe(at(MONDAY_0900 + 120 * MINUTE));
    expect(after.targets?.firstResponse).toMatchObject({ state: 'met' });
  });

  it('a public reply, a service action, a booked visit or a customer contact by staff answers a case; moving it, an internal note or the customer’s own words do not', async () => {
    app.clock.set(MONDAY_0900);
    const customer = await app.user('customer', { organizationId: world.organization.id });
    const respondedAt = async (id: string) =>
      (await app.request<{ firstRespondedAt: string | null }>(world.secretary, 'GET', `/api/v1/cases/${id}`)).body.firstRespondedAt;
    const answers: [string, (id: string) => Promise<void>][] = [
      ['public reply', (id) => reply(id)],
      ['phone support', phoneCall],
      [
        'on-site visit booked',
        async (id) => {
          const response = await app.request(world.secretary, 'POST', `/api/v1/cases/${id}/visits`, {
            engineerUserId: world.secretary.id,
            site: 'Harbour plant, gate 2',
            startsAt: at(MONDAY_0900 + 24 * 60 * MINUTE),
            endsAt: at(MONDAY_0900 + 26 * 60 * MINUTE),
            allowConflict: true,
          });
          expect(response.status, JSON.stringify(response.body)).toBe(201);
        },
      ],
      [
        'remote access authorised by the customer on the phone',
        async (id) => {
          const response = await app.request(world.secretary, 'POST', `/api/v1/cases/${id}/remote-authorization`, { grantedBy: 'Carla' });
          expect(response.status, JSON.stringify(response.body)).toBe(200);
        },
      ],
    ];
    for (const [what, answer] of answers) {
      const kase = await logCase(world, { level: 4, title: `Answered by ${what}` });
      // None of these answers the customer: a status change, an assignment, an internal note, a level change, and
      // the customer writing again.
      app.clock.set(MONDAY_0900 + 5 * MINUTE);
      await move(kase.id, 'in_progress');
      const assigned = await app.request(world.secretary, 'PATCH', `/api/v1/cases/${kase.id}`, { assigneeId: world.secretary.id });
      expect(assigned.status, JSON.stringify(assigned.body)).toBe(200);
      const note = await app.request(world.secretary, 'POST', `/api/v1/cases/${kase.id}/notes`, {
        body: 'Looking',
        visibility: 'internal',
      });
      expect(note.status).toBe(204);
      const level = await app.request(world.secretary, 'POST', `/api/v1/cases/${kase.id}/level`, { level: 3, reason: 'slower' });
      expect(level.status).toBe(200);
      await reply(kase.id, customer);
      expect(await respondedAt(kase.id), what).toBeNull();
      app.clock.set(MONDAY_0900 + 9 * MINUTE);
      await answer(kase.id);
      expect(await respondedAt(kase.id), what).toBe(at(MONDAY_0900 + 9 * MINUTE));
      // The first response stays the first.
      app.clock.set(MONDAY_0900 + 12 * MINUTE);
      await reply(kase.id);
      expect(await respondedAt(kase.id), what).toBe(at(MONDAY_0900 + 9 * MINUTE));
      app.clock.set(MONDAY_0900);
    }
  });

  it('a customer is not shown the targets', async () => {
    const customer = await app.user('customer', { organizationId: world.organization.id });
    const kase = await logCase(world, { level: 2, title: 'Customer view' });
    const seen = await app.request<CaseWithTargets>(customer, 'GET', `/api/v1/cases/${kase.id}`);
    expect(seen.status).toBe(200);
    expect(seen.body.targets).toBeNull();
  });

  it('cases resolved before resolution times were stored are measured by the backfill, once', async () => {
    app.clock.set('2026-11-20T11:45:00.000Z');
    const kase = await officeCase(2, FRIDAY_EVENING, 'Resolved long ago');
    app.clock.set(MONDAY_0900 + 45 * MINUTE);
    await move(kase.id, 'resolved');
    // As a case resolved before migration 0041 stands.
    await app.context.storage.db.updateTable('cases').set({ resolution_working_ms: null }).where('id', '=', kase.id).execute();
    expect((await view(kase.id)).targets?.resolutionBusinessMinutes).toBeNull();
    expect(await backfillResolutionTimes(app.context, { batchSize: 1 })).toBeGreaterThanOrEqual(1);
    expect((await view(kase.id)).targets?.resolutionBusinessMinutes).toBe(45);
    expect(await backfillResolutionTimes(app.context)).toBe(0);
  });
});
