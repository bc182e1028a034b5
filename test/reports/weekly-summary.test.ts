import { afterAll, beforeAll, expect, it } from 'vitest';
import { summaryWeekOf } from '../../src/domain/reports/weekly-summary.js';
import { smtpTransport, type MailTransport } from '../../src/mail/transport.js';
import { ManualClock, type ServiceContext } from '../../src/services/context.js';
import { deliverDueMail } from '../../src/services/notifications/deliver-outbox.js';
import { computeWeeklySummary, queueDueWeeklySummaries } from '../../src/services/reports/weekly-summary.js';
import type { Storage } from '../../src/storage/db.js';
import { logCase, setUpEscalationWorld, tick, type EscalationWorld, type Problem } from '../escalations/escalation-world.js';
import { startSmtpSink, type ReceivedMail, type SmtpSink } from '../escalations/smtp-sink.js';
import { describeOnEachDatabase } from '../support/databases.js';
import { TestApp } from '../support/test-app.js';
import { pdfText } from '../service-records/pdf-text.js';

const FROM = 'CaseDesk <casedesk@example.com>';

/*
 * The hand-counted week (UTC: no policy names another zone). The summary goes out Mondays at 08:00, so the one of
 * Monday 2026-11-23 covers Monday 11-16 to Sunday 11-22. Department N (the world's, its manager fills the post) and
 * department Q (nobody manages it). First-response targets of the seed: level 1 15 min, 2 30 min, 3 120 min, 4 480 min.
 *   D N L2 received 11-10 10:00, open, its ladder fired 11-14 (before the week)
 *   A N L1 received 11-17 10:00, answered (a public reply) 10:05 (met), resolved 11-18; its 1 h step fires in the tick of 11:30
 *   B N L2 received 11-19 10:00, never answered (breached 10:30)
 *   C N L3 received 11-21 22:00, answered 11-22 01:00 (breached: due 11-22 00:00)
 *   E N L1 received 11-22 23:50, open (due 11-23 00:05: next week's target)
 *   F Q L4 received 11-18 09:00, open (due 17:00, never answered: breached)
 * Department N: opened 4 (A B C E), resolved 1 (A), open at the end L1 1 (E) · L2 2 (B D) · L3 1 (C) · L4 0, first
 *   response met 1 (A), missed 2 (B C), escalations fired 1, no survey. The company adds F: opened 5, open L4 1,
 *   missed 3.
 */
describeOnEachDatabase('weekly summary reports', (database) => {
  const clock = new ManualClock('2026-11-10T10:00:00.000Z');
  let app: TestApp;
  let world: EscalationWorld;
  let sink: SmtpSink;
  let otherDepartment: { id: string; name: string };
  const extraStorages: Storage[] = [];
  let instances: ServiceContext[];
  let transports: MailTransport[];

  beforeAll(async () => {
    app = await TestApp.start(database, { clock });
    world = await setUpEscalationWorld(app, { languages: { 'department-manager': 'en', 'operation-center-gm': 'zh-CN', president: 'en' } });
    sink = await startSmtpSink();
    for (let index = 1; index < 3; index++) extraStorages.push(await app.database.open());
    // Three instances: each its own connections to the same database, one shared clock.
    instances = [app.context, ...extraStorages.map((storage) => ({ ...app.context, storage }))];
    transports = instances.map(() => smtpTransport(sink.url));
    const created = await app.request<{ id: string; name: string }>(world.admin, 'POST', '/api/v1/departments', { name: '质量部 Quality' });
    expect(created.status).toBe(201);
    otherDepartment = created.body;

    const move = async (id: string, to: string) => {
      const response = await app.request(world.secretary, 'POST', `/api/v1/cases/${id}/transitions`, { to });
      expect(response.status, JSON.stringify(response.body)).toBe(200);
    };
    // A public reply answers the case; moving it along (to diagnosing) does not.
    const answer = async (id: string) => {
      const response = await app.request(world.secretary, 'POST', `/api/v1/cases/${id}/notes`, { body: 'On it.', visibility: 'public' });
      expect(response.status, JSON.stringify(response.body)).toBe(204);
      await move(id, 'diagnosing');
    };
    const logAt = async (at: string, level: 1 | 2 | 3 | 4, departmentId = world.department.id) => {
      clock.set(at);
      return logCase(world, { level, receivedAt: at, departmentId });
    };
    await logAt('2026-11-10T10:00:00.000Z', 2);
    clock.set('2026-11-14T10:00:00.000Z');
    await tick(app);
    const a = await logAt('2026-11-17T10:00:00.000Z', 1);
    clock.set('2026-11-17T10:05:00.000Z');
    await answer(a.id);
    clock.set('2026-11-17T11:30:00.000Z');
    expect(await tick(app)).toBe(1);
    clock.set('2026-11-18T08:00:00.000Z');
    await move(a.id, 'resolved');
    await logAt('2026-11-18T09:00:00.000Z', 4, otherDepartment.id);
    await logAt('2026-11-19T10:00:00.000Z', 2);
    const c = await logAt('2026-11-21T22:00:00.000Z', 3);
    clock.set('2026-11-22T01:00:00.000Z');
    await answer(c.id);
    await logAt('2026-11-22T23:50:00.000Z', 1);
    // Sent mail so far (the escalation tick's) leaves now, so the sink holds only summaries from here on.
    await deliverDueMail(app.context, { transport: transports[0]!, from: FROM });
    sink.received.length = 0;
  });
  afterAll(async () => {
    for (const transport of transports ?? []) transport.close();
    for (const storage of extraStorages) await storage.close();
    await sink?.close();
    await app?.stop();
  });

  /** Every instance's timer fires at once, then every instance's outbox sender runs; answers the summaries queued. */
  async function everyInstanceRuns(): Promise<(number | null)[]> {
    const queued = await Promise.all(instances.map((context) => queueDueWeeklySummaries(context)));
    await Promise.all(instances.map((context, index) => deliverDueMail(context, { transport: transports[index]!, from: FROM })));
    return queued;
  }
  const summaries = (): ReceivedMail[] => sink.received.filter((mail) => /weekly summary|每周汇总/.test(mail.subject));
  const to = (mails: ReceivedMail[], address: string) => mails.filter((mail) => mail.to.includes(address));

  it('an invalid setting is refused naming the field; the setting reads back as saved', async () => {
    const put = (body: unknown) => app.request<Problem>(world.admin, 'PUT', '/api/v1/weekly-summary-settings', body);
    for (const [body, field] of [
      [{ enabled: true, dayOfWeek: 8, hour: 8 }, 'dayOfWeek'],
      [{ enabled: true, dayOfWeek: 0, hour: 8 }, 'dayOfWeek'],
      [{ enabled: true, dayOfWeek: 1, hour: 24 }, 'hour'],
      [{ enabled: true, dayOfWeek: 1, hour: 7.5 }, 'hour'],
      [{ enabled: 'yes', dayOfWeek: 1, hour: 8 }, 'enabled'],
    ] as const) {
      const refused = await put(body);
      expect(refused.status, JSON.stringify(body)).toBe(400);
      expect(JSON.stringify(refused.body), JSON.stringify(body)).toContain(field);
      expect(refused.body.errors?.map((error) => error.field) ?? [refused.body.field]).toEqual([field]);
    }
    const chineseAdmin = await app.user('admin', { language: 'zh-CN' });
    const chinese = await app.request<Problem>(chineseAdmin, 'PUT', '/api/v1/weekly-summary-settings', {
      enabled: true,
      dayOfWeek: 9,
      hour: 8,
    });
    expect(JSON.stringify(chinese.body)).toContain('星期');
    expect(
      (await app.request(world.secretary, 'PUT', '/api/v1/weekly-summary-settings', { enabled: true, dayOfWeek: 1, hour: 8 })).status,
    ).toBe(403);

    const saved = await put({ enabled: true, dayOfWeek: 1, hour: 8 });
    expect(saved.status).toBe(200);
    const read = await app.request(world.admin, 'GET', '/api/v1/weekly-summary-settings');
    expect(read.body).toEqual({ enabled: true, dayOfWeek: 1, hour: 8, timeZone: 'UTC' });
  });

  it('the week’s figures are the hand-counted ones, for the department and for the company', async () => {
    clock.set('2026-11-23T08:00:00.000Z');
    const week = summaryWeekOf('2026-11-23T08:00:00.000Z', 'UTC');
    expect(week).toEqual({
      from: '2026-11-16',
      to: '2026-11-22',
      fromInstant: '2026-11-16T00:00:00.000Z',
      toInstant: '2026-11-23T00:00:00.000Z',
    });
    const common = {
      from: '2026-11-16',
      to: '2026-11-22',
      timeZone: 'UTC',
      escalationsFired: 1,
      surveyResponses: 0,
      satisfactionAverage: null,
    };
    expect(await computeWeeklySummary(app.context, week, world.department)).toEqual({
      ...common,
      department: world.department,
      opened: 4,
      resolved: 1,
      openAtEnd: [
        { level: 1, cases: 1 },
        { level: 2, cases: 2 },
        { level: 3, cases: 1 },
        { level: 4, cases: 0 },
      ],
      totalOpenAtEnd: 4,
      firstResponseMet: 1,
      firstResponseBreached: 2,
    });
    expect(await computeWeeklySummary(app.context, week, null)).toEqual({
      ...common,
      department: null,
      opened: 5,
      resolved: 1,
      openAtEnd: [
        { level: 1, cases: 1 },
        { level: 2, cases: 2 },
        { level: 3, cases: 1 },
        { level: 4, cases: 1 },
      ],
      totalOpenAtEnd: 5,
      firstResponseMet: 1,
      firstResponseBreached: 3,
    });
  });

  it('three instances at the scheduled hour: each recipient gets one mail in their language with the PDF; none before the hour; again the next week', async () => {
    const manager = world.holders['department-manager'];
    const gm = world.holders['operation-center-gm'];
    const president = world.holders.president;

    clock.set('2026-11-23T07:59:00.000Z');
    expect(await everyInstanceRuns()).toEqual([null, null, null]);
    expect(summaries()).toEqual([]);

    // An instance that dies after writing the week's claim and mails but before its commit leaves the week open.
    clock.set('2026-11-23T08:00:10.000Z');
    const dying: ServiceContext = {
      ...app.context,
      storage: {
        ...app.context.storage,
        transaction: (work) =>
          app.context.storage.transaction(async (trx) => {
            await work(trx);
            throw new Error('the instance died before its commit');
          }),
      },
    };
    await expect(queueDueWeeklySummaries(dying)).rejects.toThrow('the instance died');
    await deliverDueMail(app.context, { transport: transports[0]!, from: FROM });
    expect(summaries()).toEqual([]);

    clock.set('2026-11-23T08:00:30.000Z');
    const queued = await everyInstanceRuns();
    expect(queued.filter((count) => count !== null)).toEqual([3]);
    // A minute later every instance looks again: the week is taken.
    clock.set('2026-11-23T08:01:30.000Z');
    expect(await everyInstanceRuns()).toEqual([null, null, null]);

    const first = summaries();
    expect(first).toHaveLength(3);
    const [managerMail] = to(first, manager.email);
    const [gmMail] = to(first, gm.email);
    const [presidentMail] = to(first, president.email);
    expect(to(first, manager.email)).toHaveLength(1);
    expect(to(first, gm.email)).toHaveLength(1);
    expect(to(first, president.email)).toHaveLength(1);

    expect(managerMail!.subject).toBe(`CaseDesk weekly summary, ${world.department.name}: 2026-11-16 to 2026-11-22`);
    expect(managerMail!.text).toContain('Dear Holder of department-manager,');
    expect(managerMail!.text).toContain('Cases opened: 4');
    expect(managerMail!.text).toContain('Open at the end of the week, level 2: 2');
    expect(managerMail!.text).toContain('First-response targets missed: 2');
    expect(managerMail!.text).toContain('Escalations fired: 1');
    expect(managerMail!.text).toContain('Satisfaction average (1–5): no answered survey');

    expect(gmMail!.subject).toBe('CaseDesk 每周汇总（全公司）：2026-11-16 至 2026-11-22');
    expect(gmMail!.text).toContain('新建工单：5');
    expect(gmMail!.text).toContain('未达成首次响应目标：3');
    expect(presidentMail!.subject).toBe('CaseDesk weekly summary, whole company: 2026-11-16 to 2026-11-22');
    expect(presidentMail!.text).toContain('Cases opened: 5');

    for (const mail of [managerMail!, gmMail!, presidentMail!]) {
      expect(mail.attachments).toHaveLength(1);
      const [pdf] = mail.attachments!;
      expect(pdf!.fileName).toBe('casedesk-weekly-summary-2026-11-16.pdf');
      expect(pdf!.contentType).toBe('application/pdf');
      expect(pdf!.content.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      // Printed with the embedded Noto Sans SC subset, which holds the Chinese labels too.
      expect(pdf!.content.toString('latin1')).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansSC/);
      expect(pdf!.content.length).toBeGreaterThan(2_000);
      // The fonts are embedded as subsets: tens of kilobytes, not the 10 MB font files.
      expect(pdf!.content.length).toBeLessThan(400_000);
    }
    // The PDF says what the mail says, in the recipient's language.
    const managerPdf = await pdfText(managerMail!.attachments![0]!.content);
    expect(managerPdf).toContain(world.department.name);
    expect(managerPdf).toMatch(/Cases opened:? 4\b/);
    expect(managerPdf).toMatch(/First-response targets missed:? 2\b/);
    const gmPdf = await pdfText(gmMail!.attachments![0]!.content);
    expect(gmPdf).toMatch(/新建工单:? ?5\b/);
    expect(gmPdf).toMatch(/未达成首次响应目标:? ?3\b/);

    sink.received.length = 0;
    clock.set('2026-11-30T07:59:59.000Z');
    expect(await everyInstanceRuns()).toEqual([null, null, null]);
    clock.set('2026-11-30T08:00:00.000Z');
    expect((await everyInstanceRuns()).filter((count) => count !== null)).toEqual([3]);
    const second = summaries();
    expect(second.map((mail) => mail.to[0]).sort()).toEqual([manager.email, gm.email, president.email].sort());
    const [nextManagerMail] = to(second, manager.email);
    expect(nextManagerMail!.subject).toBe(`CaseDesk weekly summary, ${world.department.name}: 2026-11-23 to 2026-11-29`);
    // One conversation per recipient and scope, like CaseDesk's other mails of one thing.
    expect(nextManagerMail!.inReplyTo).toBeTruthy();
    expect(nextManagerMail!.inReplyTo).toBe(managerMail!.inReplyTo);
    expect(nextManagerMail!.text).toContain('Cases opened: 0');
  });

  it('a schedule moved to a later hour of the same day sends no second summary of the week', async () => {
    clock.set('2026-11-30T09:00:00.000Z');
    const later = await app.request(world.admin, 'PUT', '/api/v1/weekly-summary-settings', { enabled: true, dayOfWeek: 1, hour: 10 });
    expect(later.status).toBe(200);
    sink.received.length = 0;
    clock.set('2026-11-30T10:00:30.000Z');
    expect(await everyInstanceRuns()).toEqual([null, null, null]);
    expect(summaries()).toEqual([]);
  });

  it('switched off, nothing is sent at the hour', async () => {
    const off = await app.request(world.admin, 'PUT', '/api/v1/weekly-summary-settings', { enabled: false, dayOfWeek: 1, hour: 8 });
    expect(off.status).toBe(200);
    sink.received.length = 0;
    clock.set('2026-12-07T09:00:00.000Z');
    expect(await everyInstanceRuns()).toEqual([null, null, null]);
    expect(summaries()).toEqual([]);
  });
});
