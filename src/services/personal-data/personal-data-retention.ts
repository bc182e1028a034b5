import type { Actor } from '../../domain/access/permissions.js';
import { mayChangeRetention } from '../../domain/access/policies/personal-data.js';
import type { Executor } from '../../storage/db.js';
import { findAdminSetting, saveAdminSetting } from '../../storage/repositories/admin-settings.js';
import { findContactsPastRetention } from '../../storage/repositories/personal-data.js';
import { recordChangeBy } from '../audit.js';
import { nowIso, type ServiceContext } from '../context.js';
import { forbidden } from '../errors.js';
import { oncePerPeriod } from '../jobs/once-per-period.js';
import { loadDataSubject } from './data-subject.js';
import { erase } from './erase-personal-data.js';

const RETENTION_YEARS = 'personal-data-retention-years';

/** Null: off (the default). Otherwise contacts of cases closed more than this many years ago are pseudonymised. */
export interface RetentionSetting {
  closedCaseYears: number | null;
}

export async function readRetentionSetting(executor: Executor): Promise<RetentionSetting> {
  const value = Number((await findAdminSetting(executor, RETENTION_YEARS)) ?? '');
  return { closedCaseYears: Number.isInteger(value) && value > 0 ? value : null };
}

export async function viewRetentionSetting(context: ServiceContext, actor: Actor): Promise<RetentionSetting> {
  if (!mayChangeRetention(actor)) throw forbidden();
  return readRetentionSetting(context.storage.db);
}

export async function updateRetentionSetting(context: ServiceContext, actor: Actor, setting: RetentionSetting): Promise<RetentionSetting> {
  if (!mayChangeRetention(actor)) throw forbidden();
  const at = nowIso(context);
  await context.storage.transaction(async (trx) => {
    const before = await readRetentionSetting(trx);
    if (before.closedCaseYears === setting.closedCaseYears) return;
    await saveAdminSetting(trx, {
      name: RETENTION_YEARS,
      value: setting.closedCaseYears === null ? '' : String(setting.closedCaseYears),
      updatedAt: at,
      updatedBy: actor.userId,
    });
    await recordChangeBy(trx, actor, at, 'settings.personal-data-retention', ['settings', RETENTION_YEARS], { before, after: setting });
  });
  return setting;
}

/** The date `years` calendar years before `now` (UTC). */
function yearsBefore(now: Date, years: number): string {
  const then = new Date(now.getTime());
  then.setUTCFullYear(then.getUTCFullYear() - years);
  return then.toISOString();
}

const BATCH = 100;

/**
 * Applies the retention rule: pseudonymises every contact whose cases all closed more than the set number of years
 * ago and who has no open case, no enabled account and no planned training or visit. Each contact in its own
 * transaction. Run once per period across instances by the background jobs. Answers how many were pseudonymised.
 */
export async function applyPersonalDataRetention(context: ServiceContext): Promise<number> {
  const { closedCaseYears } = await readRetentionSetting(context.storage.db);
  if (closedCaseYears === null) return 0;
  const closedBefore = yearsBefore(context.clock.now(), closedCaseYears);
  const system: Actor = { userId: 'system', role: 'admin', organizationId: null };
  let erased = 0;
  for (;;) {
    const due = await findContactsPastRetention(context.storage.db, closedBefore, BATCH);
    let erasedNow = 0;
    for (const contactId of due) {
      await context.storage.transaction(async (trx) => {
        // Read again inside the transaction: another writer may have opened a case for them meanwhile.
        if ((await findContactsPastRetention(trx, closedBefore, 1, contactId)).length === 0) return;
        const loaded = await loadDataSubject(trx, system, { kind: 'contact', id: contactId }, () => true);
        await erase(trx, context, null, loaded);
        erasedNow++;
      });
    }
    erased += erasedNow;
    if (due.length < BATCH || erasedNow === 0) return erased;
  }
}

/** The retention rule is applied once a day across all instances. */
export const RETENTION_PERIOD_MS = 24 * 3_600_000;

/** The background job: the instance that claims today's run applies the rule; null where another instance has it. */
export function applyPersonalDataRetentionOncePerDay(context: ServiceContext): Promise<number | null> {
  return oncePerPeriod(context, 'personal-data-retention', RETENTION_PERIOD_MS, () => applyPersonalDataRetention(context));
}
