import { afterAll, beforeAll, expect, it } from 'vitest';
import { smtpTransport, type MailTransport } from '../../src/mail/transport.js';
import { ManualClock } from '../../src/services/context.js';
import { deliverDueMail } from '../../src/services/notifications/deliver-outbox.js';
import { describeOnEachDatabase } from '../support/databases.js';
import { TestApp } from '../support/test-app.js';
import { HOUR, iso, logCase, outboxOf, setUpEscalationWorld, type EscalationWorld, type OutboxEntry } from './escalation-world.js';
import { freePort, startSmtpSink, type SmtpSink } from './smtp-sink.js';

const FROM = 'CaseDesk <casedesk@example.com>';
const SECOND = 1_000;

describeOnEachDatabase('outgoing mail through a real SMTP server: an outage delays mail and loses none', (database) => {
  let app: TestApp;
  let world: EscalationWorld;
  let port: number;
  let transport: MailTransport;
  let sink: SmtpSink | null = null;

  const deliver = () => deliverDueMail(app.context, { transport, from: FROM });
  const mailById = async (id: string) => (await outboxOf(world)).find((mail) => mail.id === id)!;

  beforeAll(async () => {
    app = await TestApp.start(database, { clock: new ManualClock('2026-03-02T08:00:00.000Z') });
    world = await setUpEscalationWorld(app);
    port = await freePort();
    // One transport for the whole story: the relay's address stays the same while it is down and when it comes back.
    transport = smtpTransport(`smtp://127.0.0.1:${port}`);
  });
  afterAll(async () => {
    transport.close();
    await sink?.close();
    await app.stop();
  });

  let escalationMail: OutboxEntry;

  it('keeps a mail pending, counts the attempt and backs off while the relay refuses connections', async () => {
    const created = await logCase(world, { level: 1, receivedAt: iso(app.clock.now().getTime() - 2 * HOUR) });
    const pending = (await outboxOf(world, 'pending')).filter((mail) => mail.caseId === created.id);
    expect(pending.map((mail) => mail.recipientUserId)).toEqual([world.holders['department-manager'].id]);
    escalationMail = pending[0]!;
    expect(escalationMail.attempts).toBe(0);

    const failedAt = app.clock.now().getTime();
    expect(await deliver()).toEqual({ sent: 0, failed: 1 });
    let row = await mailById(escalationMail.id);
    expect(row).toMatchObject({ status: 'pending', attempts: 1, nextAttemptAt: iso(failedAt + 30 * SECOND) });
    expect(row.lastError).toMatch(/ECONNREFUSED|connect/i);

    // Not due again before its back-off.
    expect(await deliver()).toEqual({ sent: 0, failed: 0 });
    app.clock.advance(30 * SECOND);
    expect(await deliver()).toEqual({ sent: 0, failed: 1 });
    row = await mailById(escalationMail.id);
    // The back-off doubles with each failed attempt.
    expect(row).toMatchObject({ status: 'pending', attempts: 2, nextAttemptAt: iso(app.clock.now().getTime() + 60 * SECOND) });
  });

  it('delivers it exactly once when the relay is back and the back-off has passed', async () => {
    sink = await startSmtpSink(port);
    app.clock.advance(59 * SECOND);
    expect(await deliver()).toEqual({ sent: 0, failed: 0 });
    expect(sink.received).toEqual([]);
    app.clock.advance(1 * SECOND);
    expect(await deliver()).toEqual({ sent: 1, failed: 0 });
    app.clock.advance(HOUR);
    expect(await deliver()).toEqual({ sent: 0, failed: 0 });

    expect(sink.received).toHaveLength(1);
    const [mail] = sink.received;
    expect(mail!.messageId).toBe(escalationMail.messageId);
    expect(mail!.to).toEqual([world.holders['department-manager'].email]);
    expect(mail!.subject).toBe(escalationMail.subject);
    expect(mail!.subject).toContain('Escalation');
    expect(mail!.text).toContain(`/cases/${escalationMail.caseId}`);
    expect(mail!.autoSubmitted).toBe('auto-generated');
    const row = await mailById(escalationMail.id);
    expect(row).toMatchObject({ status: 'sent', attempts: 2, lastError: null });
  });

  it('parks a permanently rejected mail as dead for an admin, retries a 4xx later, and sends the dead one after a manual retry', async () => {
    const president = world.holders.president;
    const gm = world.holders['operation-center-gm'];
    sink!.refuse((recipient) =>
      recipient === president.email
        ? { code: 550, message: 'No such user here' }
        : recipient === gm.email
          ? { code: 451, message: 'Mailbox busy, try later' }
          : null,
    );
    // Received 50 h ago at level 1: four reports at once.
    const created = await logCase(world, { level: 1, receivedAt: iso(app.clock.now().getTime() - 50 * HOUR) });
    expect(await deliver()).toEqual({ sent: 2, failed: 2 });

    const mails = (await outboxOf(world)).filter((mail) => mail.caseId === created.id);
    const toPresident = mails.find((mail) => mail.to === president.email)!;
    const toGm = mails.find((mail) => mail.to === gm.email)!;
    expect(toPresident).toMatchObject({ status: 'dead', attempts: 1 });
    expect(toPresident.lastError).toContain('No such user');
    expect(toGm).toMatchObject({ status: 'pending', attempts: 1 });
    const dead = await outboxOf(world, 'dead');
    expect(dead.map((mail) => mail.id)).toEqual([toPresident.id]);

    // A dead mail is not retried by itself, however long one waits.
    sink!.refuse(null);
    app.clock.advance(2 * HOUR);
    expect(await deliver()).toEqual({ sent: 1, failed: 0 });
    expect((await mailById(toPresident.id)).status).toBe('dead');

    const retry = await world.app.request(world.admin, 'POST', `/api/v1/outbox/${toPresident.id}/retry`);
    expect(retry.status).toBe(204);
    expect((await mailById(toPresident.id)).status).toBe('pending');
    expect(await outboxOf(world, 'dead')).toEqual([]);
    expect(await deliver()).toEqual({ sent: 1, failed: 0 });

    // A sent mail cannot be queued again, and a customer cannot see or touch the outbox.
    const again = await world.app.request(world.admin, 'POST', `/api/v1/outbox/${toPresident.id}/retry`);
    expect(again.status).toBeGreaterThanOrEqual(400);
    const customer = await app.user('customer', { organizationId: world.organization.id });
    expect((await app.request(customer, 'GET', '/api/v1/outbox')).status).toBe(403);
    expect(await deliver()).toEqual({ sent: 0, failed: 0 });
  });

  it('lost nothing and sent nothing twice', async () => {
    const all = await outboxOf(world);
    expect(all.length).toBeGreaterThanOrEqual(5);
    expect(all.filter((mail) => mail.status !== 'sent')).toEqual([]);
    const received = sink!.received.map((mail) => mail.messageId).sort();
    expect(received).toEqual(all.map((mail) => mail.messageId).sort());
    expect(new Set(received).size).toBe(received.length);
  });
});
