import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CASE_LEVELS } from '../../src/domain/cases/levels.js';
import { SEED_MATRIX } from '../../src/domain/escalation/seed-matrix.js';
import { ManualClock } from '../../src/services/context.js';
import { describeOnEachDatabase } from '../support/databases.js';
import { TestApp } from '../support/test-app.js';
import {
  HOUR,
  MINUTE,
  escalationMailsOf,
  escalationWord,
  firedEventsOf,
  iso,
  ladderOf,
  logCase,
  notificationsOf,
  setUpEscalationWorld,
  stepFor,
  tick,
  timelineOf,
  type EscalationWorld,
} from './escalation-world.js';

/** The seed's ladder of one level, read from the one place it is defined. */
const seedLadder = (level: number) => SEED_MATRIX.filter((cell) => cell.level === level).sort((a, b) => a.afterHours - b.afterHours);

describeOnEachDatabase('upgrading-report matrix: every cell of the seed, as a timeline', (database) => {
  let app: TestApp;
  let world: EscalationWorld;

  beforeAll(async () => {
    app = await TestApp.start(database, { clock: new ManualClock('2026-03-02T08:00:00.000Z') });
    world = await setUpEscalationWorld(app);
  });
  afterAll(() => app.stop());

  describe('the ladder a case shows is exactly the seed row of its level', () => {
    it.each(CASE_LEVELS.map((level) => ({ level })))('level $level', async ({ level }) => {
      const t0 = app.clock.now().getTime();
      const created = await logCase(world, { level });
      const ladder = await ladderOf(world, created.id);
      expect(
        ladder.map(({ afterHours, position, vendorReport, status, dueAt }) => ({ afterHours, position, vendorReport, status, dueAt })),
      ).toEqual(
        seedLadder(level).map((cell) => ({
          afterHours: cell.afterHours,
          position: cell.position,
          vendorReport: cell.vendorReport,
          status: 'pending',
          dueAt: iso(t0 + cell.afterHours * HOUR),
        })),
      );
      // Every pending step already names who would be told.
      for (const step of ladder) expect(step.recipients.map((recipient) => recipient.userId)).toEqual([world.holders[step.position].id]);
      expect(created.nextEscalationDueAt).toBe(iso(t0 + seedLadder(level)[0]!.afterHours * HOUR));
    });
  });

  describe('each cell fires at its hour, exactly once, to its position holder', () => {
    it.each(SEED_MATRIX.map((cell) => ({ ...cell })))(
      'level $level, $afterHours h: $position (vendor report: $vendorReport)',
      async (cell) => {
        const holder = world.holders[cell.position];
        const t0 = app.clock.now().getTime();
        const created = await logCase(world, { level: cell.level, title: `Cell L${cell.level} ${cell.afterHours}h` });
        const earlierVendorReport = seedLadder(cell.level).some((other) => other.vendorReport && other.afterHours < cell.afterHours);

        // A minute before the hour: every earlier step of the level went out, this one has not.
        app.clock.set(t0 + cell.afterHours * HOUR - MINUTE);
        await tick(app);
        let ladder = await ladderOf(world, created.id);
        expect(stepFor(ladder, cell.position).status).toBe('pending');
        for (const step of ladder) expect(step.status).toBe(step.afterHours < cell.afterHours ? 'fired' : 'pending');
        expect((await firedEventsOf(world, created.id)).filter((event) => event.data.position === cell.position)).toEqual([]);
        expect(
          (await escalationMailsOf(world, created.id)).filter((mail) => mail.to === holder.email && mail.recipientUserId === holder.id),
        ).toEqual([]);
        const vendorBefore = await app.request(world.secretary, 'GET', `/api/v1/cases/${created.id}/vendor-escalation`);
        expect(vendorBefore.status).toBe(earlierVendorReport ? 200 : 409);

        // At the hour: it fires.
        const dueAt = t0 + cell.afterHours * HOUR;
        app.clock.set(dueAt);
        await tick(app);
        // Later ticks (and more time) change nothing for this step.
        app.clock.set(dueAt + MINUTE);
        await tick(app);
        await tick(app);

        ladder = await ladderOf(world, created.id);
        const step = stepFor(ladder, cell.position);
        expect(step).toMatchObject({ status: 'fired', firedAt: iso(dueAt), dueAt: iso(dueAt), vendorReport: cell.vendorReport });
        expect(step.recipients).toEqual([expect.objectContaining({ userId: holder.id, email: holder.email })]);

        const fired = (await firedEventsOf(world, created.id)).filter((event) => event.data.position === cell.position);
        expect(fired).toHaveLength(1);
        expect(fired[0]!.at).toBe(iso(dueAt));
        expect(fired[0]!.data).toMatchObject({
          level: cell.level,
          afterHours: cell.afterHours,
          dueAt: iso(dueAt),
          firedAt: iso(dueAt),
          unfilled: false,
        });
        expect(fired[0]!.data.recipients).toEqual([expect.objectContaining({ userId: holder.id, email: holder.email })]);

        // The mail to the holder: subject names the case and the word "Escalation" in the holder's language.
        const mails = (await escalationMailsOf(world, created.id)).filter((mail) => mail.recipientUserId === holder.id);
        expect(mails).toHaveLength(1);
        expect(mails[0]!.to).toBe(holder.email);
        expect(mails[0]!.language).toBe(holder.language);
        expect(mails[0]!.subject).toContain(created.number);
        expect(mails[0]!.subject).toContain(escalationWord(holder.language));
        if (holder.language === 'zh-CN') expect(mails[0]!.subject).not.toContain('Escalation');
        // The body says how long, for which customer, and links to the case.
        const body = await app.storage.db
          .selectFrom('outbox_messages')
          .select('text_body')
          .where('id', '=', mails[0]!.id)
          .executeTakeFirstOrThrow();
        expect(body.text_body).toContain(world.organization.name);
        expect(body.text_body).toContain(`http://casedesk.test/cases/${created.id}`);
        expect(body.text_body).toContain(
          holder.language === 'zh-CN'
            ? `未解决时长：${cell.afterHours} 小时`
            : `Unresolved for: ${cell.afterHours} hour${cell.afterHours === 1 ? '' : 's'}`,
        );
        // One mail per step fired so far, none twice: the case has had exactly the reports its hours call for.
        const firedSoFar = seedLadder(cell.level).filter((other) => other.afterHours <= cell.afterHours);
        const allMails = await escalationMailsOf(world, created.id);
        expect(allMails.map((mail) => mail.recipientUserId).sort()).toEqual(
          firedSoFar.map((other) => world.holders[other.position].id).sort(),
        );

        const notifications = (await notificationsOf(world, holder)).filter(
          (entry) => entry.caseId === created.id && entry.kind === 'escalation',
        );
        expect(notifications).toHaveLength(1);
        expect(notifications[0]!.title).toBe(mails[0]!.subject);
        expect(notifications[0]!.link).toBe(`/cases/${created.id}`);

        const vendor = await app.request<{ status: string; vendorCaseNumber: string | null }>(
          world.secretary,
          'GET',
          `/api/v1/cases/${created.id}/vendor-escalation`,
        );
        expect(vendor.status).toBe(cell.vendorReport || earlierVendorReport ? 200 : 409);
        if (cell.vendorReport) {
          expect(vendor.body).toMatchObject({ status: 'open', vendorCaseNumber: null });
          const opened = (await timelineOf(world, created.id)).filter((entry) => entry.kind === 'vendor-escalation.opened');
          expect(opened).toHaveLength(1);
          expect(opened[0]!.at).toBe(iso(dueAt));
        }
      },
    );
  });

  it('a level ladder fires every step in order and nothing more, up to 200 hours', async () => {
    for (const level of CASE_LEVELS) {
      const t0 = app.clock.now().getTime();
      const created = await logCase(world, { level });
      for (let hours = 1; hours <= 200; hours += 7) {
        app.clock.set(t0 + hours * HOUR);
        await tick(app);
      }
      const fired = await firedEventsOf(world, created.id);
      expect(fired.map((event) => [event.data.position, event.data.afterHours])).toEqual(
        seedLadder(level).map((cell) => [cell.position, cell.afterHours]),
      );
      const mails = await escalationMailsOf(world, created.id);
      expect(mails.map((mail) => mail.recipientUserId).sort()).toEqual(
        seedLadder(level)
          .map((cell) => world.holders[cell.position].id)
          .sort(),
      );
      const after = await app.request<{ nextEscalationDueAt: string | null; escalatedAt: string | null }>(
        world.secretary,
        'GET',
        `/api/v1/cases/${created.id}`,
      );
      expect(after.body.nextEscalationDueAt).toBeNull();
      expect(after.body.escalatedAt).not.toBeNull();
    }
  });
});
