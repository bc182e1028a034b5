import nodemailer from 'nodemailer';
import fs from 'node:fs';
import path from 'node:path';
import { systemClock, type ServiceContext } from '../../src/services/context.js';
import { openStorage, type DatabaseTarget, type Storage } from '../../src/storage/db.js';
import { migrateToLatest } from '../../src/storage/migrate.js';
import { canRunDovecot, DOVECOT, startDovecot, type Dovecot } from '../../test/support/dovecot.js';
import { appendMails, seedMailSenders, SUPPORT_ADDRESS, type TestMail } from '../../test/support/inbound-mail-load.js';
import {
  casedeskServeArgs,
  cpuSeconds,
  createBenchAdmin,
  freePort,
  freshDataDir,
  freshPostgresDatabase,
  percentile,
  report,
  startServerProcess,
  type BenchLine,
} from '../support.js';

const MAILS = 1_000;
/** More than 20 mails an hour from one sender open nothing, so the load comes from many contacts. */
const SENDERS = 100;
const SMTP_MAILS = 200;
const SMTP_SENDERS_AT_ONCE = 4;
const WATCHED = 'Incoming';
const STAGING = 'Staging';

async function countStored(storage: Storage): Promise<number> {
  const row = await storage.db
    .selectFrom('inbound_mail')
    .select((eb) => eb.fn.countAll<number | string>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

function mails(label: string, count: number, addresses: readonly string[]): TestMail[] {
  return Array.from({ length: count }, (_, index) => ({
    from: addresses[index % addresses.length]!,
    messageId: `<${label}-${index}-${Date.now()}@customer.test>`,
    subject: `${label} ${index}: core switch reboots`,
    text: `The core switch in building ${index % 12} reboots every few minutes; the distribution layer loses its uplink.\n\nRegards,\nSender`,
  }));
}

/**
 * (a) 1 000 mails land at once in the folder a running server watches (one IMAP MOVE from a staging folder, so the
 * server's start-up is not in the figure) → until every one is stored with its case and moved out: mails/s.
 */
async function mailboxRate(dovecot: Dovecot, storage: Storage): Promise<number> {
  await dovecot.mailbox(async (client) => {
    const lock = await client.getMailboxLock(STAGING);
    try {
      await client.messageMove('1:*', WATCHED);
    } finally {
      lock.release();
    }
  });
  const started = performance.now();
  for (;;) {
    if ((await countStored(storage)) >= MAILS && (await dovecot.count(WATCHED)) === 0) break;
    if (performance.now() - started > 600_000) throw new Error('the mailbox was not emptied within 10 minutes');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return MAILS / ((performance.now() - started) / 1000);
}

/**
 * (b) Mail into the inbound SMTP port, SMTP_SENDERS_AT_ONCE senders at a time, each mail on its own connection as a
 * forwarding mail server sends it: the time to the `250` and to the case showing in the queue API.
 */
async function smtpLatency(serverUrl: string, smtpPort: number, token: string, addresses: readonly string[]) {
  const toSend = mails('SMTP mail', SMTP_MAILS, addresses);
  const waiting = new Map<string, (at: number) => void>();
  let polling = true;
  const poller = (async () => {
    while (polling) {
      const response = await fetch(`${serverUrl}/api/v1/cases?limit=50`, { headers: { authorization: `Bearer ${token}` } });
      const at = performance.now();
      const page = (await response.json()) as { items: { title: string }[] };
      for (const item of page.items) waiting.get(item.title)?.(at);
    }
  })();
  const accepted: number[] = [];
  const visible: number[] = [];
  const afterAccept: number[] = [];
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: smtpPort, secure: false, ignoreTLS: true });
  let next = 0;
  await Promise.all(
    Array.from({ length: SMTP_SENDERS_AT_ONCE }, async () => {
      while (next < toSend.length) {
        const mail = toSend[next++]!;
        const seen = new Promise<number>((resolve) => waiting.set(mail.subject, resolve));
        const sent = performance.now();
        await transport.sendMail({
          from: mail.from,
          to: SUPPORT_ADDRESS,
          subject: mail.subject,
          text: mail.text,
          messageId: mail.messageId,
        });
        const acceptedAt = performance.now();
        const visibleAt = await seen;
        waiting.delete(mail.subject);
        accepted.push(acceptedAt - sent);
        visible.push(visibleAt - sent);
        afterAccept.push(Math.max(0, visibleAt - acceptedAt));
      }
    }),
  );
  polling = false;
  await poller;
  transport.close();
  const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
  return { accepted: sorted(accepted), visible: sorted(visible), afterAccept: sorted(afterAccept) };
}

async function seed(target: DatabaseTarget, dovecot: Dovecot) {
  const storage = openStorage(target);
  await migrateToLatest(storage);
  const context: ServiceContext = { storage, clock: systemClock, publicUrl: 'http://localhost' };
  const { addresses } = await seedMailSenders(context, SENDERS);
  const { token } = await createBenchAdmin(context);
  await dovecot.mailbox((client) => client.mailboxCreate(WATCHED).catch(() => undefined));
  await appendMails(dovecot, STAGING, mails('Mailbox mail', MAILS, addresses));
  return { storage, addresses, token };
}

/** Inbound mail: a hosted mailbox's backlog → cases (mails/s), and SMTP accept → case in the queue (p50/p99). */
export async function inboundScenario(): Promise<BenchLine[]> {
  if (!canRunDovecot) {
    console.log(`skipped: inbound needs Debian's dovecot (${DOVECOT}, package dovecot-imapd) and root to start it`);
    return [];
  }
  const lines: BenchLine[] = [];
  for (const database of ['sqlite', 'postgres'] as const) {
    const postgres = database === 'postgres' ? await freshPostgresDatabase('inbound') : null;
    if (database === 'postgres' && !postgres) break;
    const dataDir = freshDataDir();
    const target: DatabaseTarget = postgres
      ? { kind: 'postgres', url: postgres.url }
      : { kind: 'sqlite', file: path.join(dataDir, 'casedesk.sqlite') };
    const dovecot = await startDovecot();
    const seeded = await seed(target, dovecot);
    const port = freePort();
    const smtpPort = freePort();
    const server = await startServerProcess(
      casedeskServeArgs('inbound'),
      {
        CASEDESK_DATA_DIR: dataDir,
        ...(postgres ? { CASEDESK_DATABASE_URL: postgres.url } : {}),
        CASEDESK_PORT: String(port),
        CASEDESK_IMAP_URL: dovecot.imapUrl(WATCHED),
        CASEDESK_IMAP_PROCESSED_FOLDER: 'Processed',
        CASEDESK_INBOUND_SMTP_PORT: String(smtpPort),
        CASEDESK_INBOUND_ADDRESSES: SUPPORT_ADDRESS,
      },
      { port },
    );
    try {
      // The watcher has connected and drained the (empty) folder once it is in IDLE; give it a moment.
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      const cpuBefore = cpuSeconds(server.child.pid!);
      const rate = await mailboxRate(dovecot, seeded.storage);
      const cpu = cpuSeconds(server.child.pid!) - cpuBefore;
      const scenario = 'inbound mail';
      lines.push(
        report({
          scenario,
          database,
          metric: `${MAILS.toLocaleString('en')} waiting IMAP mails → cases`,
          value: rate,
          unit: 'mails/s',
          ...(database === 'sqlite' ? { target: '>= 200' } : {}),
        }),
      );
      // On a shared machine the wall clock includes waiting for a core; the server's own CPU time does not.
      lines.push(report({ scenario, database, metric: 'mails per CPU-second of the server', value: MAILS / cpu, unit: 'mails/s' }));
      const latency = await smtpLatency(server.url, smtpPort, seeded.token, seeded.addresses);
      const metric = (what: string, p: number) => `${what} p${p} (${SMTP_MAILS}, ${SMTP_SENDERS_AT_ONCE} at once)`;
      for (const p of [50, 99]) {
        lines.push(
          report({ scenario, database, metric: metric('SMTP send → 250', p), value: percentile(latency.accepted, p), unit: 'ms' }),
        );
      }
      for (const p of [50, 99]) {
        lines.push(
          report({
            scenario,
            database,
            metric: metric('SMTP send → case in queue API', p),
            value: percentile(latency.visible, p),
            unit: 'ms',
            ...(p === 99 ? { target: '< 1000' } : {}),
          }),
        );
      }
      console.log(
        `${''.padEnd(34)} [${database}] 250 → case in the queue API: p50 ${percentile(latency.afterAccept, 50).toFixed(1)} ms, p99 ${percentile(latency.afterAccept, 99).toFixed(1)} ms`,
      );
    } finally {
      await server.stop();
      await seeded.storage.close();
      await dovecot.stop();
      await postgres?.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }
  return lines;
}
