import type { Actor } from '../../domain/access/permissions.js';
import type { IsoWeekday } from '../../domain/calendar/business-calendar.js';
import {
  DEFAULT_WEEKLY_SUMMARY_SCHEDULE,
  latestScheduledMoment,
  summaryWeekOf,
  weeklySummaryFigures,
  type SummaryWeek,
  type WeeklySummaryFigures,
  type WeeklySummarySchedule,
} from '../../domain/reports/weekly-summary.js';
import { renderWeeklySummaryMail } from '../../mail/templates/weekly-summary-mail.js';
import type { Executor } from '../../storage/db.js';
import { findAdminSetting, saveAdminSetting } from '../../storage/repositories/admin-settings.js';
import { listDepartments, type DepartmentRow } from '../../storage/repositories/departments.js';
import { firstResponseCounts } from '../../storage/repositories/operations-reports.js';
import { claimPeriodicRun, findPeriodicRunNextAt } from '../../storage/repositories/periodic-runs.js';
import type { UserRow } from '../../storage/repositories/users.js';
import { recordChangeBy } from '../audit.js';
import { nowIso, type ServiceContext } from '../context.js';
import { companyTimeZone } from '../delivered-systems/support/company-today.js';
import { positionHolder } from '../escalations/position-holders.js';
import { enqueueMail } from '../notifications/enqueue-mail.js';
import { satisfactionReport } from '../surveys/satisfaction-report.js';
import { backlogReport } from './backlog-report.js';
import { escalationReport } from './escalation-report.js';
import { scopeReport } from './support/report-scope.js';

const SETTING = 'weekly-summary';
/** The periodic run whose `next_run_at` is when the next summary may go (six days after the last one's moment). */
const RUN_NAME = 'weekly-summary';
const SIX_DAYS_MS = 6 * 86_400_000;
export const WEEKLY_SUMMARY_MAIL_KIND = 'weekly-summary';

/** The schedule as stored: the admin's choice and when it was last saved (moments before that are not caught up). */
interface StoredSchedule extends WeeklySummarySchedule {
  savedAt: string | null;
}

async function readStoredSchedule(executor: Executor): Promise<StoredSchedule> {
  const raw = await findAdminSetting(executor, SETTING);
  if (!raw) return { ...DEFAULT_WEEKLY_SUMMARY_SCHEDULE, savedAt: null };
  const parsed = JSON.parse(raw) as Partial<StoredSchedule>;
  return {
    enabled: parsed.enabled === true,
    dayOfWeek: (parsed.dayOfWeek ?? DEFAULT_WEEKLY_SUMMARY_SCHEDULE.dayOfWeek) as IsoWeekday,
    hour: parsed.hour ?? DEFAULT_WEEKLY_SUMMARY_SCHEDULE.hour,
    savedAt: parsed.savedAt ?? null,
  };
}

export interface WeeklySummarySettings extends WeeklySummarySchedule {
  timeZone: string;
}

export async function readWeeklySummarySettings(context: ServiceContext): Promise<WeeklySummarySettings> {
  const db = context.storage.db;
  const [{ enabled, dayOfWeek, hour }, timeZone] = await Promise.all([readStoredSchedule(db), companyTimeZone(db)]);
  return { enabled, dayOfWeek, hour, timeZone };
}

/** The admin switches the weekly summary on or off and sets its day and hour (company time); audited. */
export async function updateWeeklySummarySettings(
  context: ServiceContext,
  actor: Actor,
  changes: WeeklySummarySchedule,
): Promise<WeeklySummarySettings> {
  const at = nowIso(context);
  await context.storage.transaction(async (trx) => {
    const before = await readStoredSchedule(trx);
    if (before.enabled === changes.enabled && before.dayOfWeek === changes.dayOfWeek && before.hour === changes.hour) return;
    const after: StoredSchedule = { enabled: changes.enabled, dayOfWeek: changes.dayOfWeek, hour: changes.hour, savedAt: at };
    await saveAdminSetting(trx, { name: SETTING, value: JSON.stringify(after), updatedAt: at, updatedBy: actor.userId });
    await recordChangeBy(trx, actor, at, 'settings.weekly-summary', ['settings', SETTING], {
      before: { enabled: before.enabled, dayOfWeek: before.dayOfWeek, hour: before.hour },
      after: changes,
    });
  });
  return readWeeklySummarySettings(context);
}

/** The reports are read as the system: every department, every customer. */
const SYSTEM: Actor = { userId: 'system', role: 'admin', organizationId: null };

/** The week's figures of one department (or the whole company), read from the existing reports with their filter. */
export async function computeWeeklySummary(
  context: ServiceContext,
  week: SummaryWeek,
  department: { id: string; name: string } | null,
): Promise<WeeklySummaryFigures> {
  const filter = { from: week.from, to: week.to, departmentId: department?.id };
  const [backlog, escalations, satisfaction, scoped] = await Promise.all([
    backlogReport(context, SYSTEM, filter),
    escalationReport(context, SYSTEM, { ...filter, bucket: 'week' }),
    satisfactionReport(context, SYSTEM, {
      groupBy: 'period',
      period: 'month',
      from: week.fromInstant,
      to: week.toInstant,
      departmentId: department?.id,
    }),
    scopeReport(context, SYSTEM, 'first-response', filter),
  ]);
  const firstResponse = await firstResponseCounts(context.storage.db, scoped.filter);
  return weeklySummaryFigures(
    { department, week, timeZone: backlog.timeZone },
    { backlog, escalations, firstResponse, satisfaction: satisfaction.total },
  );
}

interface Recipient {
  user: UserRow;
  /** Null: the whole company. */
  department: DepartmentRow | null;
}

/** Each department's manager for their department; the Operation Center GM and the President for the company. */
async function recipients(executor: Executor): Promise<Recipient[]> {
  const found: Recipient[] = [];
  for (let afterId: string | undefined; ;) {
    const page = await listDepartments(executor, { afterId, limit: 200 });
    for (const department of page) {
      const manager = await positionHolder(executor, 'department-manager', department.id);
      if (manager) found.push({ user: manager, department });
    }
    if (page.length < 200) break;
    afterId = page.at(-1)!.id;
  }
  const companyHolders = new Map<string, UserRow>();
  for (const position of ['operation-center-gm', 'president'] as const) {
    const holder = await positionHolder(executor, position, null);
    if (holder) companyHolders.set(holder.id, holder);
  }
  for (const user of companyHolders.values()) found.push({ user, department: null });
  return found;
}

/**
 * One scheduler tick: when the week's scheduled moment has come (and it came after the admin last saved the
 * schedule), the summaries of the week are put in the outbox, once across instances. The claim of the period
 * (`periodic_runs`, moved six days past the moment) and the mails are written in one transaction: an instance that dies
 * before it commits leaves the period open for the next tick of any instance, one that commits leaves the mails to
 * the outbox sender, which retries them. Answers how many mails were queued, or null when nothing was due.
 */
export async function queueDueWeeklySummaries(context: ServiceContext): Promise<number | null> {
  const db = context.storage.db;
  const schedule = await readStoredSchedule(db);
  if (!schedule.enabled) return null;
  const timeZone = await companyTimeZone(db);
  const moment = latestScheduledMoment(context.clock.now(), schedule, timeZone);
  if (schedule.savedAt !== null && moment < schedule.savedAt) return null;
  const nextRunAt = await findPeriodicRunNextAt(db, RUN_NAME);
  if (nextRunAt !== undefined && nextRunAt > moment) return null;

  // The figures are read before the transaction: they describe a week that has ended, so reading them twice is harmless.
  const week = summaryWeekOf(moment, timeZone);
  const people = await recipients(db);
  const figures = new Map<string, WeeklySummaryFigures>();
  for (const { department } of people) {
    const key = department?.id ?? '';
    if (!figures.has(key)) {
      figures.set(key, await computeWeeklySummary(context, week, department ? { id: department.id, name: department.name } : null));
    }
  }
  // The next summary may go six days on: a schedule moved to a later hour or day sends no second summary of the
  // same week, one moved to an earlier day skips the new day once when it comes less than six days on.
  const nextAllowed = new Date(Date.parse(moment) + SIX_DAYS_MS).toISOString();
  const url = `${context.publicUrl}/reports`;
  return context.storage.transaction(async (trx) => {
    if (!(await claimPeriodicRun(trx, RUN_NAME, moment, nextAllowed))) return null;
    for (const { user, department } of people) {
      const scope = department?.id ?? 'company';
      const summary = figures.get(department?.id ?? '')!;
      await enqueueMail(trx, context, {
        kind: WEEKLY_SUMMARY_MAIL_KIND,
        to: user.email,
        recipientUserId: user.id,
        language: user.language,
        ...renderWeeklySummaryMail({ language: user.language, recipientName: user.name, figures: summary, url }),
        dedupeKey: `weekly-summary:${moment}:${scope}:${user.id}`,
        caseId: null,
        threadKey: `weekly-summary.${scope}`,
        report: summary,
      });
    }
    return people.length;
  });
}
