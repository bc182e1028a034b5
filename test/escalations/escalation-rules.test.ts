import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, SEED_MATRIX } from '../../src/domain/escalation/seed-matrix.js';
import type { EscalationPosition } from '../../src/domain/escalation/positions.js';
import { ManualClock } from '../../src/services/context.js';
import { describeOnEachDatabase } from '../support/databases.js';
import { TestApp, type TestUser } from '../support/test-app.js';
import {
  HOUR,
  MINUTE,
  escalationMailsOf,
  firedEventsOf,
  iso,
  ladderOf,
  logCase,
  setUpEscalationWorld,
  stepFor,
  tick,
  tickAt,
  timelineOf,
  type CaseBody,
  type EscalationWorld,
  type Problem,
} from './escalation-world.js';

describeOnEachDatabase(
  'upgrading-report rules: late logging, level changes, resolve/reopen, pause, acknowledgement, versions',
  (database) => {
    let app: TestApp;
    let world: EscalationWorld;

    beforeAll(async () => {
      app = await TestApp.start(database, { clock: new ManualClock('2026-03-02T08:00:00.000Z') });
      world = await setUpEscalationWorld(app);
    });
    afterAll(() => app.stop());

    const firedPositions = async (caseId: string) => (await firedEventsOf(world, caseId)).map((event) => event.data.position);
    /** How many escalation mails each position holder got for the case. */
    const mailCounts = async (caseId: string) => {
      const counts: Partial<Record<EscalationPosition, number>> = {};
      for (const mail of await escalationMailsOf(world, caseId)) {
        const position = (Object.keys(world.holders) as EscalationPosition[]).find(
          (key) => world.holders[key].id === mail.recipientUserId,
        )!;
        counts[position] = (counts[position] ?? 0) + 1;
      }
      return counts;
    };
    const changeLevel = (caseId: string, level: number, reason = 'customer called again') =>
      app.request<CaseBody & Problem>(world.secretary, 'POST', `/api/v1/cases/${caseId}/level`, { level, reason });
    const move = async (caseId: string, to: string) => {
      const response = await app.request<CaseBody & Problem>(world.secretary, 'POST', `/api/v1/cases/${caseId}/transitions`, { to });
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      return response.body;
    };

    describe('late logging', () => {
      it('fires at creation every step already due: level 1 received 5 h ago tells the manager and the GM at once', async () => {
        const now = app.clock.now().getTime();
        const receivedAt = now - 5 * HOUR;
        const created = await logCase(world, { level: 1, receivedAt: iso(receivedAt) });
        expect(created.receivedAt).toBe(iso(receivedAt));
        // No tick has run: the reports went out in the transaction that logged the case.
        const ladder = await ladderOf(world, created.id);
        expect(stepFor(ladder, 'department-manager')).toMatchObject({ status: 'fired', firedAt: iso(now), dueAt: iso(receivedAt + HOUR) });
        expect(stepFor(ladder, 'operation-center-gm')).toMatchObject({
          status: 'fired',
          firedAt: iso(now),
          dueAt: iso(receivedAt + 4 * HOUR),
        });
        expect(stepFor(ladder, 'vp-in-charge')).toMatchObject({ status: 'pending', dueAt: iso(receivedAt + 24 * HOUR) });
        expect(await firedPositions(created.id)).toEqual(['department-manager', 'operation-center-gm']);
        expect(await mailCounts(created.id)).toEqual({ 'department-manager': 1, 'operation-center-gm': 1 });
        expect(created.escalatedAt).toBe(iso(now));
        expect(created.nextEscalationDueAt).toBe(iso(receivedAt + 24 * HOUR));
        expect(created.vendorEscalation).toMatchObject({ status: 'open' });
        // A tick right after sends nothing again.
        await tick(app);
        expect(await mailCounts(created.id)).toEqual({ 'department-manager': 1, 'operation-center-gm': 1 });
      });

      it('a level 4 request logged 5 days late reaches the department manager at once', async () => {
        const created = await logCase(world, { level: 4, receivedAt: iso(app.clock.now().getTime() - 120 * HOUR) });
        expect(await firedPositions(created.id)).toEqual(['department-manager']);
      });

      it('refuses a received-at in the future with a 400 naming receivedAt, and stores nothing', async () => {
        const before = await app.request<{ items: unknown[] }>(world.secretary, 'GET', '/api/v1/cases?limit=200');
        const response = await app.request<Problem>(world.secretary, 'POST', '/api/v1/cases', {
          organizationId: world.organization.id,
          departmentId: world.department.id,
          channel: 'hotline',
          level: 1,
          title: 'From the future',
          description: 'x',
          receivedAt: iso(app.clock.now().getTime() + HOUR),
        });
        expect(response.status).toBe(400);
        expect(response.headers['content-type']).toContain('application/problem+json');
        expect(response.body.field).toBe('receivedAt');
        expect(response.body.errors?.map((error) => error.field)).toEqual(['receivedAt']);
        const after = await app.request<{ items: unknown[] }>(world.secretary, 'GET', '/api/v1/cases?limit=200');
        expect(after.body.items).toHaveLength(before.body.items.length);
      });
    });

    describe('raising and lowering the level', () => {
      it('raising 3 → 1 after 2 h fires the 1 h step at once and schedules the rest from the same received-at', async () => {
        const t0 = app.clock.now().getTime();
        const created = await logCase(world, { level: 3 });
        await tickAt(app, t0, 2);
        expect(await firedPositions(created.id)).toEqual([]);

        const raised = await changeLevel(created.id, 1, 'whole branch is down');
        expect(raised.status).toBe(200);
        expect(raised.body.level).toBe(1);
        const ladder = await ladderOf(world, created.id);
        expect(stepFor(ladder, 'department-manager')).toMatchObject({ status: 'fired', firedAt: iso(t0 + 2 * HOUR), level: 1 });
        expect(ladder.filter((step) => step.status === 'pending').map(({ position, dueAt }) => ({ position, dueAt }))).toEqual([
          { position: 'operation-center-gm', dueAt: iso(t0 + 4 * HOUR) },
          { position: 'vp-in-charge', dueAt: iso(t0 + 24 * HOUR) },
          { position: 'president', dueAt: iso(t0 + 48 * HOUR) },
        ]);
        const levelEvent = (await timelineOf(world, created.id)).find((entry) => entry.kind === 'case.level-changed');
        expect(levelEvent?.data).toMatchObject({ from: 3, to: 1, reason: 'whole branch is down', direction: 'raised' });

        await tickAt(app, t0, 4 - 1 / 60);
        expect(await firedPositions(created.id)).toEqual(['department-manager']);
        await tickAt(app, t0, 4);
        expect(await firedPositions(created.id)).toEqual(['department-manager', 'operation-center-gm']);
        await tickAt(app, t0, 60);
        expect(await mailCounts(created.id)).toEqual({
          'department-manager': 1,
          'operation-center-gm': 1,
          'vp-in-charge': 1,
          president: 1,
        });
      });

      it('lowering 1 → 3 cancels the steps level 3 does not have; a position never gets the report twice', async () => {
        const t0 = app.clock.now().getTime();
        const created = await logCase(world, { level: 1 });
        await tickAt(app, t0, 2);
        expect(await firedPositions(created.id)).toEqual(['department-manager']);

        const lowered = await changeLevel(created.id, 3, 'workaround in place');
        expect(lowered.status).toBe(200);
        let ladder = await ladderOf(world, created.id);
        // The fired report stays history; the GM moves to level 3's 96 h; VP and President are gone.
        expect(ladder.map(({ position, status, dueAt }) => ({ position, status, dueAt }))).toEqual([
          { position: 'department-manager', status: 'fired', dueAt: iso(t0 + HOUR) },
          { position: 'operation-center-gm', status: 'pending', dueAt: iso(t0 + 96 * HOUR) },
        ]);
        const replanned = (await timelineOf(world, created.id)).find((entry) => entry.kind === 'escalation.replanned');
        expect(replanned?.data.cancelled).toEqual(['vp-in-charge', 'president']);

        // Past level 1's 24 h and 48 h and past level 3's own 72 h department-manager step: nothing fires.
        await tickAt(app, t0, 80);
        expect(await firedPositions(created.id)).toEqual(['department-manager']);

        // Raised back to 1 at 80 h: the GM, VP and President are all overdue and fire at once; the manager does not hear it twice.
        expect((await changeLevel(created.id, 1, 'outage spread')).status).toBe(200);
        expect(await firedPositions(created.id)).toEqual(['department-manager', 'operation-center-gm', 'vp-in-charge', 'president']);
        await tickAt(app, t0, 200);
        expect(await mailCounts(created.id)).toEqual({
          'department-manager': 1,
          'operation-center-gm': 1,
          'vp-in-charge': 1,
          president: 1,
        });
        ladder = await ladderOf(world, created.id);
        expect(ladder.every((step) => step.status === 'fired')).toBe(true);

        // Down and up again once more: still nobody is told twice.
        expect((await changeLevel(created.id, 4, 'answered')).status).toBe(200);
        expect((await changeLevel(created.id, 1, 'not answered after all')).status).toBe(200);
        await tickAt(app, t0, 300);
        expect((await firedEventsOf(world, created.id)).length).toBe(4);
        expect(await mailCounts(created.id)).toEqual({
          'department-manager': 1,
          'operation-center-gm': 1,
          'vp-in-charge': 1,
          president: 1,
        });
      });

      it('lowering before anything fired moves the shared position to the new level’s hours', async () => {
        const t0 = app.clock.now().getTime();
        const created = await logCase(world, { level: 2 });
        expect((await changeLevel(created.id, 4, 'only a question')).status).toBe(200);
        expect((await ladderOf(world, created.id)).map(({ position, dueAt }) => ({ position, dueAt }))).toEqual([
          { position: 'department-manager', dueAt: iso(t0 + 96 * HOUR) },
        ]);
        await tickAt(app, t0, 95);
        expect(await firedPositions(created.id)).toEqual([]);
        await tickAt(app, t0, 96);
        expect(await firedPositions(created.id)).toEqual(['department-manager']);
      });

      it('refuses an unchanged level with a 409 naming level', async () => {
        const created = await logCase(world, { level: 2 });
        const response = await changeLevel(created.id, 2);
        expect(response.status).toBe(409);
        expect(response.body.field).toBe('level');
      });
    });

    describe('resolve and reopen', () => {
      it('time spent resolved does not count: resolved at 0.5 h, reopened at 10.5 h, the 1 h step fires at 11 h', async () => {
        const t0 = app.clock.now().getTime();
        const created = await logCase(world, { level: 1 });
        app.clock.set(t0 + 0.5 * HOUR);
        const resolved = await move(created.id, 'resolved');
        expect(resolved.nextEscalationDueAt).toBeNull();
        // While resolved nothing is scheduled and nothing fires, however long it stays so.
        await tickAt(app, t0, 5);
        expect((await ladderOf(world, created.id)).map((step) => [step.status, step.dueAt])).toEqual([
          ['pending', null],
          ['pending', null],
          ['pending', null],
          ['pending', null],
        ]);
        app.clock.set(t0 + 10.5 * HOUR);
        const reopened = await move(created.id, 'in_progress');
        expect(reopened.nextEscalationDueAt).toBe(iso(t0 + 11 * HOUR));
        await tick(app);
        expect(await firedPositions(created.id)).toEqual([]);
        await tickAt(app, t0, 11 - 1 / 60);
        expect(await firedPositions(created.id)).toEqual([]);
        await tickAt(app, t0, 11);
        expect(await firedPositions(created.id)).toEqual(['department-manager']);
        // The GM's 4 h are counted the same way: 3.5 h after the reopen.
        expect(stepFor(await ladderOf(world, created.id), 'operation-center-gm').dueAt).toBe(iso(t0 + 14 * HOUR));
      });

      it('a closed case reopened keeps its fired reports and resumes the rest', async () => {
        const t0 = app.clock.now().getTime();
        const created = await logCase(world, { level: 2 });
        await tickAt(app, t0, 5);
        expect(await firedPositions(created.id)).toEqual(['department-manager']);
        await move(created.id, 'resolved');
        await move(created.id, 'closed');
        await tickAt(app, t0, 100);
        expect(await firedPositions(created.id)).toEqual(['department-manager']);
        await move(created.id, 'in_progress');
        // 5 h counted; the GM's 24 h come 19 h after the reopen at 100 h.
        expect(stepFor(await ladderOf(world, created.id), 'operation-center-gm').dueAt).toBe(iso(t0 + 119 * HOUR));
        await tickAt(app, t0, 119);
        expect(await firedPositions(created.id)).toEqual(['department-manager', 'operation-center-gm']);
        expect(await mailCounts(created.id)).toEqual({ 'department-manager': 1, 'operation-center-gm': 1 });
      });
    });

    describe('waiting on the customer', () => {
      let pausingPolicyId: string;
      beforeAll(async () => {
        const created = await app.request<{ id: string; version: number; policy: { pauseWhileWaitingOnCustomer: boolean } }>(
          world.admin,
          'POST',
          '/api/v1/escalation-policies',
          { name: 'Business customers: pause while waiting', policy: { ...DEFAULT_POLICY, pauseWhileWaitingOnCustomer: true } },
        );
        expect(created.status, JSON.stringify(created.body)).toBe(201);
        expect(created.body.policy.pauseWhileWaitingOnCustomer).toBe(true);
        pausingPolicyId = created.body.id;
      });

      it('stops the clock when the policy says so', async () => {
        const t0 = app.clock.now().getTime();
        const created = await logCase(world, { level: 1 });
        const applied = await app.request<CaseBody>(world.admin, 'POST', `/api/v1/cases/${created.id}/policy`, {
          policyId: pausingPolicyId,
        });
        expect(applied.status).toBe(200);
        expect(applied.body.policyVersionId).not.toBe(created.policyVersionId);
        await move(created.id, 'diagnosing');
        app.clock.set(t0 + 0.25 * HOUR);
        const waiting = await move(created.id, 'waiting_customer');
        expect(waiting.nextEscalationDueAt).toBeNull();
        await tickAt(app, t0, 5.25);
        expect(await firedPositions(created.id)).toEqual([]);
        await move(created.id, 'in_progress');
        await tickAt(app, t0, 6 - 1 / 60);
        expect(await firedPositions(created.id)).toEqual([]);
        await tickAt(app, t0, 6);
        expect(await firedPositions(created.id)).toEqual(['department-manager']);
      });

      it('applied while the case already waits on the customer, the pausing policy stops the clock from then on', async () => {
        const t0 = app.clock.now().getTime();
        const created = await logCase(world, { level: 1 });
        await move(created.id, 'diagnosing');
        await move(created.id, 'waiting_customer');
        app.clock.set(t0 + 0.5 * HOUR);
        const applied = await app.request<CaseBody>(world.admin, 'POST', `/api/v1/cases/${created.id}/policy`, {
          policyId: pausingPolicyId,
        });
        expect(applied.status).toBe(200);
        expect(applied.body.nextEscalationDueAt).toBeNull();
        await tickAt(app, t0, 3);
        expect(await firedPositions(created.id)).toEqual([]);
        // 0.5 h counted before the policy came; the customer answers at 3 h, so the 1 h step is due at 3.5 h.
        const answered = await move(created.id, 'in_progress');
        expect(answered.nextEscalationDueAt).toBe(iso(t0 + 3.5 * HOUR));
        // And back to the default policy while waiting again: the clock runs again at once.
        app.clock.set(t0 + 3.25 * HOUR);
        await move(created.id, 'waiting_customer');
        const defaultPolicy = (
          await app.request<{ items: { id: string; isDefault: boolean }[] }>(world.admin, 'GET', '/api/v1/escalation-policies')
        ).body.items.find((policy) => policy.isDefault)!;
        const back = await app.request<CaseBody>(world.admin, 'POST', `/api/v1/cases/${created.id}/policy`, { policyId: defaultPolicy.id });
        expect(back.body.nextEscalationDueAt).toBe(iso(t0 + 3.5 * HOUR));
        await tickAt(app, t0, 3.5);
        expect(await firedPositions(created.id)).toEqual(['department-manager']);
      });

      it('keeps the clock running under the default policy (the hotline is 7×24)', async () => {
        const t0 = app.clock.now().getTime();
        const created = await logCase(world, { level: 1 });
        await move(created.id, 'diagnosing');
        app.clock.set(t0 + 0.25 * HOUR);
        const waiting = await move(created.id, 'waiting_customer');
        expect(waiting.nextEscalationDueAt).toBe(iso(t0 + HOUR));
        await tickAt(app, t0, 1);
        expect(await firedPositions(created.id)).toEqual(['department-manager']);
      });

      it('waiting on a vendor never stops the clock, even under the pausing policy', async () => {
        const t0 = app.clock.now().getTime();
        const created = await logCase(world, { level: 1 });
        expect((await app.request(world.admin, 'POST', `/api/v1/cases/${created.id}/policy`, { policyId: pausingPolicyId })).status).toBe(
          200,
        );
        await move(created.id, 'diagnosing');
        await move(created.id, 'waiting_vendor');
        await tickAt(app, t0, 1);
        expect(await firedPositions(created.id)).toEqual(['department-manager']);
      });
    });

    describe('acknowledging a report', () => {
      it('records the acknowledgement once, on the timeline; a second one and a pending step are 409', async () => {
        const created = await logCase(world, { level: 1, receivedAt: iso(app.clock.now().getTime() - 2 * HOUR) });
        const ladder = await ladderOf(world, created.id);
        const fired = stepFor(ladder, 'department-manager');
        const pending = stepFor(ladder, 'operation-center-gm');
        expect(fired.status).toBe('fired');
        const holder = world.holders['department-manager'];
        const url = (stepId: string) => `/api/v1/cases/${created.id}/escalations/${stepId}/acknowledgement`;

        app.clock.advance(10 * MINUTE);
        const first = await app.request(holder, 'POST', url(fired.id));
        expect(first.status).toBe(204);
        expect(stepFor(await ladderOf(world, created.id), 'department-manager').acknowledgedAt).toBe(iso(app.clock.now().getTime()));
        const acknowledged = (await timelineOf(world, created.id)).filter((entry) => entry.kind === 'escalation.acknowledged');
        expect(acknowledged).toHaveLength(1);
        expect(acknowledged[0]).toMatchObject({ actorUserId: holder.id, data: { stepId: fired.id, position: 'department-manager' } });

        const again = await app.request<Problem>(holder, 'POST', url(fired.id));
        expect(again.status).toBe(409);
        const notYet = await app.request<Problem>(holder, 'POST', url(pending.id));
        expect(notYet.status).toBe(409);
        expect((await timelineOf(world, created.id)).filter((entry) => entry.kind === 'escalation.acknowledged')).toHaveLength(1);
        const unknown = await app.request<Problem>(holder, 'POST', url('0190aaaa-0000-7000-8000-000000000000'));
        expect(unknown.status).toBe(404);
        const customer = await app.user('customer', { organizationId: world.organization.id });
        expect((await app.request(customer, 'POST', url(pending.id))).status).toBe(403);
      });

      it('only the people a report told may acknowledge it, and an admin on their behalf', async () => {
        const created = await logCase(world, { level: 1, receivedAt: iso(app.clock.now().getTime() - 2 * HOUR) });
        const fired = stepFor(await ladderOf(world, created.id), 'department-manager');
        const url = `/api/v1/cases/${created.id}/escalations/${fired.id}/acknowledgement`;
        const told = world.holders['department-manager'];
        const notTold = world.holders['operation-center-gm'];

        // The ladder tells each caller whether they may acknowledge, so the web app offers the button only then.
        const can = async (as: TestUser) => stepFor(await ladderOf(world, created.id, as), 'department-manager').can;
        expect(await can(told)).toEqual({ acknowledge: true, acknowledgeNeedsReason: false });
        expect(await can(notTold)).toEqual({ acknowledge: false, acknowledgeNeedsReason: false });
        expect(await can(world.secretary)).toEqual({ acknowledge: false, acknowledgeNeedsReason: false });
        expect(await can(world.admin)).toEqual({ acknowledge: true, acknowledgeNeedsReason: true });

        // A manager the report did not tell, and a secretary, may not say they saw it.
        expect((await app.request<Problem>(notTold, 'POST', url)).status).toBe(403);
        expect((await app.request<Problem>(world.secretary, 'POST', url)).status).toBe(403);
        expect(stepFor(await ladderOf(world, created.id), 'department-manager').acknowledgedAt).toBeNull();

        // An admin may, on the recipient's behalf, saying why; the timeline says who did.
        expect((await app.request(world.admin, 'POST', url)).status).toBe(400);
        expect((await app.request(world.admin, 'POST', url, { reason: 'Taken by phone for them' })).status).toBe(204);
        const acknowledged = (await timelineOf(world, created.id)).filter((entry) => entry.kind === 'escalation.acknowledged');
        expect(acknowledged.map((entry) => entry.actorUserId)).toEqual([world.admin.id]);
        expect((await can(told)).acknowledge).toBe(false);
      });
    });

    describe('policy versions', () => {
      it('a revised policy changes a running case only once it is re-applied', async () => {
        const levelOne = (hours: number) => [
          { level: 1, afterHours: hours, position: 'department-manager', vendorReport: false },
          ...SEED_MATRIX.filter((cell) => cell.level !== 1 || cell.position !== 'department-manager'),
        ];
        const created = await app.request<{ id: string; version: number }>(world.admin, 'POST', '/api/v1/escalation-policies', {
          name: 'Bank contract',
          policy: { ...DEFAULT_POLICY, matrix: levelOne(2) },
        });
        expect(created.status).toBe(201);
        const t0 = app.clock.now().getTime();
        const kase = await logCase(world, { level: 1 });
        const applied = await app.request<CaseBody>(world.admin, 'POST', `/api/v1/cases/${kase.id}/policy`, { policyId: created.body.id });
        expect(stepFor(await ladderOf(world, kase.id), 'department-manager').dueAt).toBe(iso(t0 + 2 * HOUR));

        const revised = await app.request<{ version: number; versionId: string }>(
          world.admin,
          'PUT',
          `/api/v1/escalation-policies/${created.body.id}`,
          {
            policy: { ...DEFAULT_POLICY, matrix: levelOne(0.5) },
          },
        );
        expect(revised.status).toBe(200);
        expect(revised.body.version).toBe(2);

        // The running case keeps version 1: nothing at 1 h.
        await tickAt(app, t0, 1);
        expect(await firedPositions(kase.id)).toEqual([]);
        const unchanged = await app.request<CaseBody>(world.secretary, 'GET', `/api/v1/cases/${kase.id}`);
        expect(unchanged.body.policyVersionId).toBe(applied.body.policyVersionId);

        // Re-applied (its own policy, now version 2): the 0.5 h step is overdue and fires at once.
        const reapplied = await app.request<CaseBody>(world.admin, 'POST', `/api/v1/cases/${kase.id}/policy`, {});
        expect(reapplied.status).toBe(200);
        expect(reapplied.body.policyVersionId).toBe(revised.body.versionId);
        expect(await firedPositions(kase.id)).toEqual(['department-manager']);
        expect((await timelineOf(world, kase.id)).some((entry) => entry.kind === 'case.policy-reapplied' && entry.data.version === 2)).toBe(
          true,
        );
      });

      it('refuses an invalid policy with a 400 naming the matrix', async () => {
        const response = await app.request<Problem>(world.admin, 'POST', '/api/v1/escalation-policies', {
          name: 'Broken',
          policy: {
            ...DEFAULT_POLICY,
            matrix: [
              { level: 1, afterHours: 4, position: 'president', vendorReport: false },
              { level: 1, afterHours: 2, position: 'department-manager', vendorReport: false },
            ],
          },
        });
        expect(response.status).toBe(400);
        expect(response.body.field).toBe('policy.matrix');
      });
    });

    describe('business hours and the vendor escalation', () => {
      it('counts only working time under a business-hours policy', async () => {
        const created = await app.request<{ id: string }>(world.admin, 'POST', '/api/v1/escalation-policies', {
          name: 'Office hours, Beijing',
          policy: {
            ...DEFAULT_POLICY,
            calendar: {
              timeZone: 'Asia/Shanghai',
              weeklyHours: [1, 2, 3, 4, 5].map((day) => ({ day, start: '09:00', end: '18:00' })),
              holidays: [],
            },
          },
        });
        expect(created.status, JSON.stringify(created.body)).toBe(201);
        // Received at 17:30 Beijing time on a Monday: half an hour that day, the other half from 09:00 on Tuesday.
        const now = app.clock.now();
        const daysToMonday = ((8 - now.getUTCDay()) % 7) + 7;
        const mondayEvening = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + daysToMonday, 9, 30);
        app.clock.set(mondayEvening);
        const kase = await logCase(world, { level: 1 });
        expect((await app.request(world.admin, 'POST', `/api/v1/cases/${kase.id}/policy`, { policyId: created.body.id })).status).toBe(200);
        const tuesdayMorning = mondayEvening + 16 * HOUR;
        expect(stepFor(await ladderOf(world, kase.id), 'department-manager').dueAt).toBe(iso(tuesdayMorning));
        app.clock.set(tuesdayMorning - MINUTE);
        await tick(app);
        expect(await firedPositions(kase.id)).toEqual([]);
        app.clock.set(tuesdayMorning);
        await tick(app);
        expect(await firedPositions(kase.id)).toEqual(['department-manager']);
      });

      it('staff fill in the vendor case number and follow its status, on the timeline', async () => {
        const kase = await logCase(world, { level: 1, receivedAt: iso(app.clock.now().getTime() - 4 * HOUR) });
        const tracked = await app.request<{ vendorCaseNumber: string | null; status: string }>(
          world.secretary,
          'PATCH',
          `/api/v1/cases/${kase.id}/vendor-escalation`,
          { vendorCaseNumber: 'TAC-694201337', status: 'submitted' },
        );
        expect(tracked.status).toBe(200);
        expect(tracked.body).toMatchObject({ vendorCaseNumber: 'TAC-694201337', status: 'submitted' });
        const view = await app.request<CaseBody>(world.secretary, 'GET', `/api/v1/cases/${kase.id}`);
        expect(view.body.vendorEscalation).toMatchObject({ vendorCaseNumber: 'TAC-694201337', status: 'submitted' });
        const updated = (await timelineOf(world, kase.id)).filter((entry) => entry.kind === 'vendor-escalation.updated');
        expect(updated).toHaveLength(1);
        // A case whose ladder has no vendor report has nothing to track.
        const quiet = await logCase(world, { level: 4 });
        expect(
          (await app.request(world.secretary, 'PATCH', `/api/v1/cases/${quiet.id}/vendor-escalation`, { status: 'submitted' })).status,
        ).toBe(409);
      });

      it('the queue finds escalated cases and sorts by the next escalation due', async () => {
        const t0 = app.clock.now().getTime();
        const soon = await logCase(world, { level: 1, title: 'due soon' });
        const later = await logCase(world, { level: 4, title: 'due later' });
        const escalated = await logCase(world, { level: 2, receivedAt: iso(t0 - 5 * HOUR), title: 'escalated already' });
        const list = await app.request<{ items: { id: string; nextEscalationDueAt: string | null }[] }>(
          world.secretary,
          'GET',
          '/api/v1/cases?sort=next-escalation&open=true&limit=200',
        );
        expect(list.status).toBe(200);
        const ids = list.body.items.map((item) => item.id);
        expect(ids.indexOf(soon.id)).toBeLessThan(ids.indexOf(later.id));
        const dues = list.body.items.map((item) => item.nextEscalationDueAt).filter((due): due is string => due !== null);
        expect(dues).toEqual([...dues].sort());
        const onlyEscalated = await app.request<{ items: { id: string; escalatedAt: string | null }[] }>(
          world.secretary,
          'GET',
          '/api/v1/cases?escalated=true&limit=200',
        );
        expect(onlyEscalated.body.items.map((item) => item.id)).toContain(escalated.id);
        expect(onlyEscalated.body.items.map((item) => item.id)).not.toContain(later.id);
        expect(onlyEscalated.body.items.every((item) => item.escalatedAt !== null)).toBe(true);
      });
    });
  },
);
