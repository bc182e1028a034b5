import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseLevel } from '../../src/domain/cases/levels.js';
import type { EscalationPosition } from '../../src/domain/escalation/positions.js';
import { SEED_MATRIX } from '../../src/domain/escalation/seed-matrix.js';
import { startBackgroundJobs } from '../../src/jobs/background-jobs.js';
import { smtpTransport, type MailTransport } from '../../src/mail/transport.js';
import { ManualClock, type ServiceContext } from '../../src/services/context.js';
import { fireDueEscalations } from '../../src/services/escalations/fire-due-escalations.js';
import { deliverDueMail } from '../../src/services/notifications/deliver-outbox.js';
import type { Storage } from '../../src/storage/db.js';
import { describeOnEachDatabase } from '../support/databases.js';
import { TestApp } from '../support/test-app.js';
import { HOUR, iso, logCase, setUpEscalationWorld, type CaseBody, type EscalationWorld } from './escalation-world.js';
import { startSmtpSink, type SmtpSink } from './smtp-sink.js';

const FROM = 'CaseDesk <casedesk@example.com>';
const INSTANCES = 3;

const positionsOfLevel = (level: number): EscalationPosition[] =>
  SEED_MATRIX.filter((cell) => cell.level === level).map((cell) => cell.position);

interface PlannedCase {
  created: CaseBody;
  /** The level whose ladder decides who must have been told once time has run far enough. */
  finalLevel: CaseLevel;
}

describeOnEachDatabase('three server instances on one database, none dying: each report fires once and is mailed once', (database) => {
  // Row locks (SKIP LOCKED) and several connections are PostgreSQL's; SQLite is one process, one writer.
  describe.skipIf(database !== 'postgres')('with a real SMTP server', () => {
    let app: TestApp;
    let world: EscalationWorld;
    let sink: SmtpSink;
    const extraStorages: Storage[] = [];
    let instances: ServiceContext[];
    let transports: MailTransport[];

    beforeAll(async () => {
      app = await TestApp.start(database, { clock: new ManualClock('2026-03-02T08:00:00.000Z') });
      world = await setUpEscalationWorld(app);
      sink = await startSmtpSink();
      for (let index = 1; index < INSTANCES; index++) extraStorages.push(await app.database.open());
      // Each instance: its own connection pool, the same database, one shared clock.
      instances = [app.context, ...extraStorages.map((storage) => ({ storage, clock: app.clock, publicUrl: app.context.publicUrl }))];
      transports = instances.map(() => smtpTransport(sink.url));
    });
    afterAll(async () => {
      for (const transport of transports ?? []) transport.close();
      for (const storage of extraStorages) await storage.close();
      await sink?.close();
      await app?.stop();
    });

    /** Reads the whole record of what happened to a set of cases, straight from the shared database. */
    async function record(caseIds: string[]) {
      const db = app.storage.db;
      const events = await db
        .selectFrom('case_events')
        .select(['case_id', 'data_json'])
        .where('kind', '=', 'escalation.fired')
        .where('case_id', 'in', caseIds)
        .execute();
      const steps = await db
        .selectFrom('escalation_steps')
        .select(['case_id', 'position'])
        .where('status', '=', 'fired')
        .where('case_id', 'in', caseIds)
        .execute();
      const mails = await db
        .selectFrom('outbox_messages')
        .select(['case_id', 'recipient_user_id', 'message_id', 'status', 'to_address'])
        .where('kind', '=', 'escalation')
        .where('case_id', 'in', caseIds)
        .execute();
      return {
        firedEvents: events.map((event) => `${event.case_id}|${(JSON.parse(event.data_json) as { position: string }).position}`),
        firedSteps: steps.map((step) => `${step.case_id}|${step.position}`),
        mails,
      };
    }

    function expectExactlyOnce(planned: PlannedCase[], outcome: Awaited<ReturnType<typeof record>>) {
      const expected = planned
        .flatMap(({ created, finalLevel }) => positionsOfLevel(finalLevel).map((position) => `${created.id}|${position}`))
        .sort();
      // Each (case, position) on the timeline once, as a fired step once — no more, no fewer.
      expect([...outcome.firedEvents].sort()).toEqual(expected);
      expect([...outcome.firedSteps].sort()).toEqual(expected);

      // Each report in the outbox once, sent.
      const holderOf = (userId: string | null) =>
        (Object.keys(world.holders) as EscalationPosition[]).find((position) => world.holders[position].id === userId);
      expect(outcome.mails.map((mail) => `${mail.case_id}|${holderOf(mail.recipient_user_id)}`).sort()).toEqual(expected);
      expect(outcome.mails.filter((mail) => mail.status !== 'sent')).toEqual([]);

      // And at the SMTP server: every Message-ID once, every (case, recipient) once.
      const ids = new Set(outcome.mails.map((mail) => mail.message_id));
      const arrived = sink.received.filter((mail) => ids.has(mail.messageId));
      expect(arrived.map((mail) => mail.messageId).sort()).toEqual([...ids].sort());
      const numbers = new Map(planned.map(({ created }) => [created.number, created.id]));
      const byCaseAndRecipient = arrived.map((mail) => {
        const number = [...numbers.keys()].find((candidate) => mail.subject.includes(candidate));
        return `${number}|${mail.to.join(',')}`;
      });
      expect(new Set(byCaseAndRecipient).size).toBe(byCaseAndRecipient.length);
      expect(byCaseAndRecipient).toHaveLength(expected.length);
    }

    it('with ticks of three instances racing, every two hours through 100 hours', async () => {
      const t0 = app.clock.now().getTime();
      const planned: PlannedCase[] = [];
      // Cases logged while the instances tick: various levels, some logged late, a few raised midway.
      const logAt = new Map<number, { level: CaseLevel; ageHours: number }>();
      for (let index = 0; index < 30; index++) {
        logAt.set(index * 2, { level: ((index % 4) + 1) as CaseLevel, ageHours: [0, 0.5, 3, 5, 30, 50, 80, 100][index % 8]! });
      }
      const raiseAt = new Map<number, number>([
        [22, 3],
        [42, 8],
        [62, 13],
      ]);

      for (let hour = 0; hour <= 100; hour += 2) {
        app.clock.set(t0 + hour * HOUR);
        const work: Promise<unknown>[] = [];
        for (const [index, context] of instances.entries()) {
          work.push(fireDueEscalations(context, { batchSize: 5 }));
          work.push(deliverDueMail(context, { transport: transports[index]!, from: FROM, batchSize: 5 }));
        }
        const toLog = logAt.get(hour);
        if (toLog) {
          work.push(
            logCase(world, { level: toLog.level, receivedAt: iso(t0 + hour * HOUR - toLog.ageHours * HOUR) }).then((created) =>
              planned.push({ created, finalLevel: toLog.level }),
            ),
          );
        }
        const toRaise = raiseAt.get(hour);
        if (toRaise !== undefined && planned[toRaise]) {
          const target = planned[toRaise]!;
          target.finalLevel = 1;
          work.push(
            app
              .request(world.secretary, 'POST', `/api/v1/cases/${target.created.id}/level`, { level: 1, reason: 'escalated by phone' })
              .then((response) => {
                if (target.created.level !== 1) expect(response.status).toBe(200);
              }),
          );
        }
        await Promise.all(work);
      }
      expect(planned).toHaveLength(30);

      // Far enough for every remaining step of every ladder, still with all three instances racing.
      for (let round = 0; round < 6; round++) {
        app.clock.set(t0 + (200 + round) * HOUR);
        await Promise.all(
          instances.flatMap((context, index) => [
            fireDueEscalations(context, { batchSize: 5 }),
            deliverDueMail(context, { transport: transports[index]!, from: FROM, batchSize: 50 }),
          ]),
        );
      }

      expectExactlyOnce(planned, await record(planned.map(({ created }) => created.id)));
    });

    it('a tick on one instance and level changes on another, on the same due cases, neither fail nor double-fire', async () => {
      const t0 = app.clock.now().getTime();
      const planned: PlannedCase[] = [];
      for (let index = 0; index < 10; index++) planned.push({ created: await logCase(world, { level: 3 }), finalLevel: 1 });
      // Level 3's department-manager step (72 h) is due for all of them as a user raises each one to level 1.
      app.clock.set(t0 + 73 * HOUR);
      const [tickOutcome, ...raised] = await Promise.allSettled([
        fireDueEscalations(instances[1]!, { batchSize: 100 }),
        ...planned.map(({ created }) =>
          app.request(world.secretary, 'POST', `/api/v1/cases/${created.id}/level`, { level: 1, reason: 'whole site down' }),
        ),
      ]);
      expect(tickOutcome.status, String((tickOutcome as PromiseRejectedResult).reason)).toBe('fulfilled');
      expect(raised.map((outcome) => (outcome.status === 'fulfilled' ? (outcome.value as { status: number }).status : 'rejected'))).toEqual(
        planned.map(() => 200),
      );
      app.clock.set(t0 + 200 * HOUR);
      for (let round = 0; round < 3; round++) {
        await Promise.all(
          instances.flatMap((context, index) => [
            fireDueEscalations(context),
            deliverDueMail(context, { transport: transports[index]!, from: FROM, batchSize: 100 }),
          ]),
        );
      }
      expectExactlyOnce(planned, await record(planned.map(({ created }) => created.id)));
    });

    it('racing ticks that each find two unfilled positions count both gaps without failing', async () => {
      // A department nobody manages and no VP is in charge of: every report of its cases goes to the admins instead.
      const orphan = await app.request<{ id: string }>(world.admin, 'POST', '/api/v1/departments', { name: 'Night shift (unstaffed)' });
      expect(orphan.status).toBe(201);
      const t0 = app.clock.now().getTime();
      const caseIds: string[] = [];
      // Staggered so the manager's and the VP's due steps interleave and each instance's batch meets both gaps.
      for (let index = 0; index < 24; index++) {
        const receivedAt = t0 - (index % 2 === 0 ? 0 : 23 * HOUR) + index * 1_000;
        caseIds.push((await logCase(world, { level: 1, departmentId: orphan.body.id, receivedAt: iso(receivedAt) })).id);
      }
      app.clock.set(t0 + 30 * HOUR);
      const ticks = await Promise.allSettled(instances.map((context) => fireDueEscalations(context, { batchSize: 3 })));
      expect(ticks.map((outcome) => (outcome.status === 'fulfilled' ? 'ok' : String(outcome.reason)))).toEqual(instances.map(() => 'ok'));

      const outcome = await record(caseIds);
      const expected = caseIds.flatMap((id) => [`${id}|department-manager`, `${id}|vp-in-charge`]).sort();
      const departmentReports = outcome.firedEvents.filter((key) => key.endsWith('|department-manager') || key.endsWith('|vp-in-charge'));
      expect(departmentReports.sort()).toEqual(expected);
      const alerts = await app.request<{ items: { key: string; missedReports: number }[] }>(
        world.admin,
        'GET',
        '/api/v1/configuration-alerts',
      );
      const missed = Object.fromEntries(
        alerts.body.items.filter((alert) => alert.key.endsWith(orphan.body.id)).map((alert) => [alert.key, alert.missedReports]),
      );
      expect(missed).toEqual({
        [`unfilled:department-manager:${orphan.body.id}`]: 24,
        [`unfilled:vp-in-charge:${orphan.body.id}`]: 24,
      });
      const alertMails = await app.storage.db
        .selectFrom('outbox_messages')
        .select((eb) => eb.fn.countAll().as('count'))
        .where('kind', '=', 'configuration-alert')
        .where('case_id', 'in', caseIds)
        .executeTakeFirstOrThrow();
      expect(Number(alertMails.count)).toBe(48);
    });

    it('with the background jobs of three instances ticking on their own', async () => {
      const jobs = instances.map((context, index) =>
        startBackgroundJobs(
          context,
          {
            escalationTickMs: 40,
            outboxTickMs: 40,
            outboxLeaseMs: 10_000,
            smtpUrl: null,
            smtpConnections: 5,
            smtpMaxMessages: 100,
            mailFrom: FROM,
          },
          { error: () => undefined, debug: () => undefined },
          { transport: transports[index]! },
        ),
      );
      const t0 = app.clock.now().getTime();
      const planned: PlannedCase[] = [];
      try {
        for (let index = 0; index < 6; index++) {
          const level = ((index % 4) + 1) as CaseLevel;
          planned.push({ created: await logCase(world, { level, receivedAt: iso(t0 - (index % 3) * 10 * HOUR) }), finalLevel: level });
        }
        const caseIds = planned.map(({ created }) => created.id);
        for (let hour = 35; hour <= 140; hour += 35) {
          await waitUntilQuiet(caseIds);
          app.clock.set(t0 + hour * HOUR);
        }
        await waitUntilQuiet(caseIds);
      } finally {
        await Promise.all(jobs.map((job) => job.stop()));
      }
      expectExactlyOnce(planned, await record(planned.map(({ created }) => created.id)));
    });

    /** Waits until no step of these cases is due and unfired and no mail is waiting or in flight. */
    async function waitUntilQuiet(caseIds: string[]): Promise<void> {
      const deadline = Date.now() + 15_000;
      for (;;) {
        const now = app.clock.now().toISOString();
        const dueSteps = await app.storage.db
          .selectFrom('escalation_steps')
          .select((eb) => eb.fn.countAll().as('count'))
          .where('status', '=', 'pending')
          .where('due_at', '<=', now)
          .where('case_id', 'in', caseIds)
          .executeTakeFirstOrThrow();
        const waitingMail = await app.storage.db
          .selectFrom('outbox_messages')
          .select((eb) => eb.fn.countAll().as('count'))
          .where('status', 'in', ['pending', 'sending'])
          .executeTakeFirstOrThrow();
        if (Number(dueSteps.count) === 0 && Number(waitingMail.count) === 0) return;
        if (Date.now() > deadline)
          throw new Error(`not quiet: ${String(dueSteps.count)} due steps, ${String(waitingMail.count)} mails waiting`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
  });
});
