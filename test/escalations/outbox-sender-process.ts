/**
 * One outbox sender as a process of its own, for tests that kill it mid-send (SIGKILL: no shutdown, no cleanup),
 * the way a server instance dies. Configured by environment; it sends once and then waits to be killed.
 */
import { smtpTransport } from '../../src/mail/transport.js';
import { systemClock } from '../../src/services/context.js';
import { deliverDueMail } from '../../src/services/notifications/deliver-outbox.js';
import { openStorage, type DatabaseTarget } from '../../src/storage/db.js';

const target = JSON.parse(process.env.OUTBOX_SENDER_TARGET ?? '') as DatabaseTarget;
const storage = openStorage(target);
const transport = smtpTransport(process.env.OUTBOX_SENDER_SMTP_URL ?? '', {
  maxConnections: Number(process.env.OUTBOX_SENDER_CONNECTIONS ?? 1),
  maxMessages: 100,
});
const outcome = await deliverDueMail(
  { storage, clock: systemClock, publicUrl: 'http://casedesk.test' },
  { transport, from: 'CaseDesk <casedesk@example.com>', leaseMs: Number(process.env.OUTBOX_SENDER_LEASE_MS) },
);
process.stdout.write(`${JSON.stringify(outcome)}\n`);
transport.close();
await storage.close();
