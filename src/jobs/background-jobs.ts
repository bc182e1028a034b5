import type { Config } from '../config.js';
import { smtpTransport, type MailTransport } from '../mail/transport.js';
import type { ServiceContext } from '../services/context.js';
import { fireDueEscalations } from '../services/escalations/fire-due-escalations.js';
import { deliverDueMail } from '../services/notifications/deliver-outbox.js';
import { runYearlyChecks } from './yearly-checks.js';
import { startScheduler, type JobLogger, type RepeatingJob, type Scheduler } from './scheduler.js';

const YEARLY_CHECK_TICK_MS = 10 * 60_000;

/**
 * The jobs every server instance runs: escalation ticks, yearly checks and the outbox sender. Each claims its rows in the
 * database, so any number of instances on one PostgreSQL database fire each step and send each mail once.
 * Without SMTP configured, mail stays in the outbox where admins see it.
 */
export function startBackgroundJobs(
  context: ServiceContext,
  config: Pick<Config, 'escalationTickMs' | 'outboxTickMs' | 'smtpUrl' | 'mailFrom'>,
  log: JobLogger,
  options: { transport?: MailTransport; extraJobs?: RepeatingJob[] } = {},
): Scheduler & { transport: MailTransport | null } {
  const transport = options.transport ?? (config.smtpUrl ? smtpTransport(config.smtpUrl) : null);
  const jobs: RepeatingJob[] = [
    { name: 'escalations', intervalMs: config.escalationTickMs, run: () => fireDueEscalations(context) },
    // Checks are opened two weeks ahead of their day, so looking every ten minutes is more than enough.
    { name: 'yearly-checks', intervalMs: YEARLY_CHECK_TICK_MS, run: () => runYearlyChecks(context) },
  ];
  if (transport) {
    jobs.push({
      name: 'outbox',
      intervalMs: config.outboxTickMs,
      run: () => deliverDueMail(context, { transport, from: config.mailFrom }),
    });
  }
  jobs.push(...(options.extraJobs ?? []));
  const scheduler = startScheduler(jobs, log);
  return {
    transport,
    runNow: scheduler.runNow,
    async stop() {
      // Closing the SMTP connections first ends a send that waits on a silent relay; its mail stays in the outbox
      // and is retried later (by this instance after a restart, or by another one).
      transport?.close();
      await scheduler.stop();
    },
  };
}
