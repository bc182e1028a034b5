import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { smtpTransport, type MailTransport } from '../../src/mail/transport.js';
import { ManualClock, type ServiceContext } from '../../src/services/context.js';
import { deliverDueMail } from '../../src/services/notifications/deliver-outbox.js';
import { enqueueMail } from '../../src/services/notifications/enqueue-mail.js';
import { describeOnEachDatabase } from '../support/databases.js';
import { TestApp } from '../support/test-app.js';
import { startSmtpSink, type SmtpSink } from './smtp-sink.js';

const FROM = 'CaseDesk <casedesk@example.com>';

/** Puts `count` mails in the outbox the way producers do, each in its own transaction; returns their dedupe keys. */
async function enqueue(context: ServiceContext, label: string, count: number): Promise<string[]> {
  const keys: string[] = [];
  for (let index = 0; index < count; index++) {
    const key = `${label}-${index}`;
    await context.storage.transaction((trx) =>
      enqueueMail(trx, context, {
        kind: 'escalation',
        to: `holder-${index % 7}@example.com`,
        recipientUserId: null,
        language: index % 2 === 0 ? 'en' : 'zh-CN',
        subject: `${label} ${index}`,
        text: `Report ${index}`,
        html: `<p>Report ${index}</p>`,
        dedupeKey: key,
        caseId: null,
      }),
    );
    keys.push(key);
  }
  return keys;
}

async function outboxRows(app: TestApp, keys: string[]) {
  return app.storage.db
    .selectFrom('outbox_messages')
    .select(['id', 'dedupe_key', 'status', 'message_id', 'attempts', 'lease_until', 'claim_token', 'sent_at'])
    .where('dedupe_key', 'in', keys)
    .execute();
}

describeOnEachDatabase('an escalation storm: the outbox drains hundreds of mails over parallel connections', (database) => {
  let app: TestApp;
  let sink: SmtpSink;
  let transport: MailTransport;

  beforeAll(async () => {
    app = await TestApp.start(database, { clock: new ManualClock('2026-03-02T08:00:00.000Z') });
    // Each answer takes a moment, as at a relay that scans mail: sending one after another would leave it idle.
    sink = await startSmtpSink(0, { answerDelayMs: 20 });
    transport = smtpTransport(sink.url, { maxConnections: 4, maxMessages: 100 });
  });
  afterAll(async () => {
    transport?.close();
    await sink?.close();
    await app?.stop();
  });

  it('sends 400 due mails in one run, over more than one SMTP connection at once, each once', async () => {
    const keys = await enqueue(app.context, 'storm', 400);
    // One run of the sender, as one outbox tick: it keeps claiming while claims come back full.
    expect(await deliverDueMail(app.context, { transport, from: FROM })).toEqual({ sent: 400, failed: 0 });

    const rows = await outboxRows(app, keys);
    expect(rows.filter((row) => row.status !== 'sent')).toEqual([]);
    const arrivedIds = sink.received.map((mail) => mail.messageId).sort();
    expect(arrivedIds).toEqual(rows.map((row) => row.message_id).sort());
    expect(new Set(arrivedIds).size).toBe(400);
    // Seen at the relay: several connections open, several messages waiting for their answer at the same time.
    expect(sink.peakConnections).toBeGreaterThan(1);
    expect(sink.peakMessagesInFlight).toBeGreaterThan(1);
    expect(sink.peakConnections).toBeLessThanOrEqual(4);
  });

  it('hands claimed but unsent mail back at once when the sender is told to stop', async () => {
    const keys = await enqueue(app.context, 'shutdown', 60);
    const stop = new AbortController();
    const run = deliverDueMail(app.context, { transport, from: FROM, batchSize: 60, signal: stop.signal });
    // Stopped while the first mails are on the wire: those finish, the rest of the batch is released.
    const deadline = Date.now() + 10_000;
    while (sink.received.filter((mail) => mail.subject.startsWith('shutdown')).length === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    stop.abort();
    const outcome = await run;
    expect(outcome.sent).toBeGreaterThan(0);
    expect(outcome.sent).toBeLessThan(60);

    const rows = await outboxRows(app, keys);
    expect(rows.filter((row) => row.status === 'sending')).toEqual([]);
    const waiting = rows.filter((row) => row.status === 'pending');
    expect(waiting).toHaveLength(60 - outcome.sent);
    // Due now, for any instance, without an attempt counted against them.
    expect(waiting.every((row) => row.claim_token === null && row.lease_until === null && row.attempts === 0)).toBe(true);
    expect(await deliverDueMail(app.context, { transport, from: FROM })).toEqual({ sent: 60 - outcome.sent, failed: 0 });
  });
});

describeOnEachDatabase('a sender killed mid-send: its mail goes out from another instance once the short lease runs out', (database) => {
  // Long enough that a heartbeat (every third of it) is not missed on a busy machine; short enough to wait out.
  const LEASE_MS = 2_500;
  let app: TestApp;
  let slowRelay: SmtpSink;
  let relay: SmtpSink;
  let transport: MailTransport;
  let child: ChildProcess | null = null;

  beforeAll(async () => {
    // The real clock: the killed sender is a process of its own, and leases run out in real time.
    app = await TestApp.start(database);
    // The dying instance's relay takes its mail in and never answers, so the sender dies between send and record.
    slowRelay = await startSmtpSink(0, { answerDelayMs: 10 * 60_000 });
    relay = await startSmtpSink();
    transport = smtpTransport(relay.url, { maxConnections: 2, maxMessages: 100 });
  });
  afterEach(() => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  afterAll(async () => {
    transport?.close();
    await slowRelay?.close();
    await relay?.close();
    await app?.stop();
  });

  it('keeps a live sender’s claim through the slow relay, and recovers and resends it (same Message-ID) after a SIGKILL', async () => {
    const keys = await enqueue(app.context, 'killed', 6);
    child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'outbox-sender-process.ts')], {
      env: {
        ...process.env,
        OUTBOX_SENDER_TARGET: JSON.stringify(app.database.target),
        OUTBOX_SENDER_SMTP_URL: slowRelay.url,
        OUTBOX_SENDER_CONNECTIONS: '2',
        OUTBOX_SENDER_LEASE_MS: String(LEASE_MS),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let childOutput = '';
    child.stdout?.on('data', (chunk: Buffer) => (childOutput += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (childOutput += chunk.toString()));

    // The other instance sends nothing while the first is alive and heartbeating, however long its relay takes.
    await waitFor(
      () => slowRelay.arrived.length > 0,
      30_000,
      () => `the sender never reached its relay: ${childOutput}`,
    );
    const aliveUntil = Date.now() + 2 * LEASE_MS;
    while (Date.now() < aliveUntil) {
      expect(await deliverDueMail(app.context, { transport, from: FROM, leaseMs: LEASE_MS })).toEqual({ sent: 0, failed: 0 });
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(relay.received).toEqual([]);
    // Both of its connections carry a mail the relay has taken in but not yet answered.
    expect(slowRelay.arrived).toHaveLength(2);
    const claimed = await outboxRows(app, keys);
    expect(claimed.map((row) => row.status)).toEqual(keys.map(() => 'sending'));

    child.kill('SIGKILL');
    await new Promise((resolve) => child!.once('exit', resolve));
    const lastLease = Math.max(...(await outboxRows(app, keys)).map((row) => Date.parse(row.lease_until!)));

    // The survivor's ordinary ticks take the mail over once the dead sender's lease has run out, and lose none.
    let sent = 0;
    await waitFor(
      async () => {
        sent += (await deliverDueMail(app.context, { transport, from: FROM, leaseMs: LEASE_MS })).sent;
        return sent >= 6;
      },
      20_000,
      () => `only ${sent} of 6 mails recovered`,
    );
    const rows = await outboxRows(app, keys);
    expect(rows.map((row) => row.status)).toEqual(keys.map(() => 'sent'));
    // Not taken over while the lease still held.
    for (const row of rows) expect(Date.parse(row.sent_at!)).toBeGreaterThanOrEqual(lastLease);

    // Each mail once at the survivor's relay; the two the dead sender had on the wire come again with the same
    // Message-ID, so a receiving system can drop the copy.
    const ids = rows.map((row) => row.message_id).sort();
    expect(relay.received.map((mail) => mail.messageId).sort()).toEqual(ids);
    const resent = slowRelay.arrived.map((mail) => mail.messageId);
    expect(resent).toHaveLength(2);
    for (const messageId of resent) expect(ids).toContain(messageId);
  });
});

async function waitFor(done: () => boolean | Promise<boolean>, timeoutMs: number, explain: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(explain());
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
