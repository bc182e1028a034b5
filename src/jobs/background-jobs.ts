import type { Config } from '../config.js';
import { smtpTransport, type MailTransport } from '../mail/transport.js';
import type { ServiceContext } from '../services/context.js';
import { forgetExpiredIdempotencyKeys } from '../services/cases/open-case-once.js';
import { fireDueEscalations } from '../services/escalations/fire-due-escalations.js';
import { deliverDueMail } from '../services/notifications/deliver-outbox.js';
import { runYearlyChecks } from './yearly-checks.js';
import { startScheduler, type JobLogger, type RepeatingJob, type Scheduler } from './scheduler.js';

const YEARLY_CHECK_TICK_MS = 10 * 60_000;
const IDEMPOTENCY_KEY_SWEEP_MS = 10 * 60_000;

/**
 * The jobs every server instance runs: escalation ticks, yearly checks and the outbox sender. Each claims its rows in the
 * database, so any number of instances on one PostgreSQL database fire each step once and share the mail between
 * them (at-least-once delivery with a stable Message-ID, see deliver-outbox.ts).
 * Without SMTP configured, mail stays in the outbox where admins see it.
 */
export function startBackgroundJobs(
  context: ServiceContext,
  config: Pick<
    Config,
    'escalationTickMs' | 'outboxTickMs' | 'outboxLeaseMs' | 'smtpUrl' | 'smtpConnections' | 'smtpMaxMessages' | 'mailFrom'
  > &
    Partial<Pick<Config, 'inboundAddresses'>>,
  log: JobLogger,
  options: { transport?: MailTransport; extraJobs?: RepeatingJob[] } = {},
): Scheduler & { transport: MailTransport | null } {
  const transport =
    options.transport ??
    (config.smtpUrl
      ? smtpTransport(config.smtpUrl, { maxConnections: config.smtpConnections, maxMessages: config.smtpMaxMessages })
      : null);
  const jobs: RepeatingJob[] = [
    {
      name: 'escalations',
      intervalMs: config.escalationTickMs,
      run: async () => {
        const fired = await fireDueEscalations(context);
        // The reports of a tick leave right away instead of at the outbox's next interval.
        if (fired > 0 && transport) scheduler.runSoon('outbox');
        return fired;
      },
    },
    // Checks are opened two weeks ahead of their day, so looking every ten minutes is more than enough.
    { name: 'yearly-checks', intervalMs: YEARLY_CHECK_TICK_MS, run: () => runYearlyChecks(context) },
    // Idempotency keys of case intake are kept a day; expired ones are refused anyway, this only frees the space.
    { name: 'idempotency-keys', intervalMs: IDEMPOTENCY_KEY_SWEEP_MS, run: () => forgetExpiredIdempotencyKeys(context) },
  ];
  if (transport) {
    jobs.push({
      name: 'outbox',
      intervalMs: config.outboxTickMs,
      run: (signal) =>
        deliverDueMail(context, {
          transport,
          from: config.mailFrom,
          caseReplyTo: config.inboundAddresses?.[0] ?? null,
          leaseMs: config.outboxLeaseMs,
          signal,
        }),
    });
  }
  jobs.push(...(options.extraJobs ?? []));
  const scheduler = startScheduler(jobs, log);
  return {
    transport,
    runNow: scheduler.runNow,
    runSoon: scheduler.runSoon,
    async stop() {
      // Closing the SMTP connections first ends a send that waits on a silent relay; its mail stays in the outbox
      // and is retried later (by this instance after a restart, or by another one).
      transport?.close();
      await scheduler.stop();
    },
  };
}
