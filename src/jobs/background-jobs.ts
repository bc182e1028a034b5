import type { Config } from '../config.js';
import { smtpTransport, type MailTransport } from '../mail/transport.js';
import type { ServiceContext } from '../services/context.js';
import { purgeUnsentUploads } from '../services/attachments/purge-unsent-uploads.js';
import { forgetExpiredIdempotencyKeys } from '../services/cases/open-case-once.js';
import { backfillFirstResponseTimes, backfillResolutionTimes } from '../services/cases/backfill-working-times.js';
import { notifyFirstResponseBreaches } from '../services/cases/notify-first-response-breaches.js';
import { fireDueEscalations } from '../services/escalations/fire-due-escalations.js';
import { deliverDueMail } from '../services/notifications/deliver-outbox.js';
import { notifyOverdueProblemActions } from '../services/problems/notify-overdue-actions.js';
import { notifyOverdueFollowUps } from '../services/surveys/notify-overdue-follow-ups.js';
import { detectRecurrences } from '../services/problems/detect-recurrences.js';
import { indexCaseSearch } from '../services/search/index-case-search.js';
import { indexFaultOccurrences } from '../services/reports/index-fault-occurrences.js';
import { runDueBackup } from '../operations/backup/scheduled-backups.js';
import { oncePerPeriod } from '../services/jobs/once-per-period.js';
import { deliverDueChatMessages } from '../services/chat/deliver-chat-messages.js';
import { deliverDueWebhooks } from '../services/webhooks/deliver-webhooks.js';
import { applyPersonalDataRetentionOncePerDay } from '../services/personal-data/personal-data-retention.js';
import { queueDueWeeklySummaries } from '../services/reports/weekly-summary.js';
import { runYearlyChecks } from './yearly-checks.js';
import { startScheduler, type JobLogger, type RepeatingJob, type Scheduler } from './scheduler.js';

const YEARLY_CHECK_TICK_MS = 10 * 60_000;
const IDEMPOTENCY_KEY_SWEEP_MS = 10 * 60_000;
const UNSENT_UPLOAD_SWEEP_MS = 10 * 60_000;
const OVERDUE_PROBLEM_ACTIONS_TICK_MS = 10 * 60_000;
const SEARCH_INDEX_TICK_MS = 500;
const RECURRENCE_DETECTION_TICK_MS = 5 * 60_000;
const FAULT_INDEX_TICK_MS = 2_000;
/** Backups are hours apart; a backup is at most this late. */
const BACKUP_CHECK_MS = 5 * 60_000;
const WEBHOOK_TICK_MS = 1_000;
/** Targets are minutes; a manager hears of a breach within half a minute of it. */
const FIRST_RESPONSE_BREACH_TICK_MS = 30_000;
const RESOLUTION_BACKFILL_TICK_MS = 10 * 60_000;
/** Only a rolling upgrade leaves first responses unmeasured, a few minutes' worth; the report counts them once measured. */
const FIRST_RESPONSE_BACKFILL_TICK_MS = 60_000;
/** The retention rule runs once a day across instances; each instance asks hourly whether today's run is still open. */
const PERSONAL_DATA_RETENTION_CHECK_MS = 60 * 60_000;
/** The weekly summary goes out within a minute of its hour. */
const WEEKLY_SUMMARY_CHECK_MS = 60_000;

/**
 * The jobs every server instance runs: escalation ticks, first-response breaches, yearly checks, overdue preventive actions of problems, the
 * search indexer, the webhook sender, the outbox sender and the sweeps of expired idempotency keys and never-sent uploads. Each claims its rows in the
 * database, so any number of instances on one PostgreSQL database fire each step once and share the mail between
 * them (at-least-once delivery with a stable Message-ID, see deliver-outbox.ts). The jobs that re-read the whole
 * picture (yearly checks, overdue problem actions, recurrence detection) run on one instance per period (once-per-period.ts).
 * Without SMTP configured, mail stays in the outbox where admins see it.
 */
export function startBackgroundJobs(
  context: ServiceContext,
  config: Pick<
    Config,
    'escalationTickMs' | 'outboxTickMs' | 'outboxLeaseMs' | 'smtpUrl' | 'smtpConnections' | 'smtpMaxMessages' | 'mailFrom'
  > &
    Partial<Pick<Config, 'caseReplyTo' | 'unsentUploadMaxAgeHours' | 'backup' | 'database'>>,
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
    {
      name: 'yearly-checks',
      intervalMs: YEARLY_CHECK_TICK_MS,
      run: () => oncePerPeriod(context, 'yearly-checks', YEARLY_CHECK_TICK_MS, () => runYearlyChecks(context)),
    },
    // Due dates are days, so ten minutes late is on time; each overdue action is reported once across instances.
    {
      name: 'overdue-problem-actions',
      intervalMs: OVERDUE_PROBLEM_ACTIONS_TICK_MS,
      run: () =>
        oncePerPeriod(context, 'overdue-problem-actions', OVERDUE_PROBLEM_ACTIONS_TICK_MS, () => notifyOverdueProblemActions(context)),
    },
    // Follow-ups are due days after a low score; each overdue one is reminded to its owner once across instances.
    {
      name: 'overdue-follow-ups',
      intervalMs: OVERDUE_PROBLEM_ACTIONS_TICK_MS,
      run: () => oncePerPeriod(context, 'overdue-follow-ups', OVERDUE_PROBLEM_ACTIONS_TICK_MS, () => notifyOverdueFollowUps(context)),
    },
    // Recurring faults are patterns over days; each is proposed once across instances (unique pattern + round), and
    // the aggregation over the rules' windows (about two seconds at a million cases) runs on one instance per period.
    {
      name: 'recurrence-detection',
      intervalMs: RECURRENCE_DETECTION_TICK_MS,
      run: () => oncePerPeriod(context, 'recurrence-detection', RECURRENCE_DETECTION_TICK_MS, () => detectRecurrences(context)),
    },
    // Each first-response breach is reported once across instances (a conditional update takes it).
    { name: 'first-response-breaches', intervalMs: FIRST_RESPONSE_BREACH_TICK_MS, run: () => notifyFirstResponseBreaches(context) },
    // Resolution times of cases resolved before they were stored; finds nothing after its first run.
    { name: 'resolution-times', intervalMs: RESOLUTION_BACKFILL_TICK_MS, run: () => backfillResolutionTimes(context) },
    // First-response times of cases the previous release answered during a rolling upgrade to migration 0061.
    { name: 'first-response-times', intervalMs: FIRST_RESPONSE_BACKFILL_TICK_MS, run: () => backfillFirstResponseTimes(context) },
    // Personal data of long-closed cases (off unless an admin sets a number of years); once a day across instances.
    {
      name: 'personal-data-retention',
      intervalMs: PERSONAL_DATA_RETENTION_CHECK_MS,
      run: () => applyPersonalDataRetentionOncePerDay(context),
    },
    // The weekly summary: once per scheduled week across instances (the claim and the mails are one transaction).
    {
      name: 'weekly-summary',
      intervalMs: WEEKLY_SUMMARY_CHECK_MS,
      run: async () => {
        const queued = await queueDueWeeklySummaries(context);
        if (queued && transport) scheduler.runSoon('outbox');
        return queued ?? 0;
      },
    },
    // Search results follow writes within about half a second, and case intake pays nothing for them.
    { name: 'search-index', intervalMs: SEARCH_INDEX_TICK_MS, run: () => indexCaseSearch(context) },
    // The repeat-fault report reads fault occurrences; they follow case changes within a few seconds.
    { name: 'fault-index', intervalMs: FAULT_INDEX_TICK_MS, run: () => indexFaultOccurrences(context) },
    // Webhooks: queued events become deliveries and due deliveries are posted, claimed under a lease like the mail
    // outbox's, so instances share them; retries follow the back-off of domain/webhooks/webhook-events.ts.
    {
      name: 'webhooks',
      intervalMs: WEBHOOK_TICK_MS,
      run: async (signal) => {
        const { delivered, failed } = await deliverDueWebhooks(context, { leaseMs: config.outboxLeaseMs, signal });
        return delivered + failed;
      },
    },
    // Chat notifications: upgrading reports queued for chat targets are posted, claimed under a lease like the
    // webhooks' (the same tick and back-off), apart from the mail outbox, so a failing chat never holds up a mail.
    {
      name: 'chat-notifications',
      intervalMs: WEBHOOK_TICK_MS,
      run: async (signal) => {
        const { delivered, failed } = await deliverDueChatMessages(context, { leaseMs: config.outboxLeaseMs, signal });
        return delivered + failed;
      },
    },
    // Idempotency keys of case intake are kept a day; expired ones are refused anyway, this only frees the space.
    { name: 'idempotency-keys', intervalMs: IDEMPOTENCY_KEY_SWEEP_MS, run: () => forgetExpiredIdempotencyKeys(context) },
    // Files uploaded for a message that was never sent; every instance sweeps, each upload is deleted once.
    {
      name: 'unsent-uploads',
      intervalMs: UNSENT_UPLOAD_SWEEP_MS,
      run: () => purgeUnsentUploads(context, config.unsentUploadMaxAgeHours),
    },
  ];
  const { backup, database } = config;
  if (backup && database && context.filesDir) {
    // Every instance looks; the one that finds a backup due takes it, the others then find it taken (see runDueBackup).
    const place = { target: database, filesDir: context.filesDir };
    jobs.push({ name: 'scheduled-backup', intervalMs: BACKUP_CHECK_MS, run: () => runDueBackup(context, place, backup) });
  }
  if (transport) {
    jobs.push({
      name: 'outbox',
      intervalMs: config.outboxTickMs,
      run: (signal) =>
        deliverDueMail(context, {
          transport,
          from: config.mailFrom,
          caseReplyTo: config.caseReplyTo ?? null,
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
