import type { Actor } from '../../domain/access/permissions.js';
import type { Executor } from '../../storage/db.js';
import { findAdminSetting, saveAdminSetting } from '../../storage/repositories/admin-settings.js';
import { recordChangeBy } from '../audit.js';
import type { ServiceContext } from '../context.js';

/** What an admin decides about the reports: whether customers read their own organisation's operations reports. */
export interface ReportSettings {
  customersMayRead: boolean;
}

const CUSTOMER_REPORTS = 'customer-reports';

export async function readReportSettings(executor: Executor): Promise<ReportSettings> {
  return { customersMayRead: (await findAdminSetting(executor, CUSTOMER_REPORTS)) === 'on' };
}

/** The admin allows or stops customers reading their own organisation's operations reports (off until set). */
export async function updateReportSettings(context: ServiceContext, actor: Actor, changes: ReportSettings): Promise<ReportSettings> {
  const at = context.clock.now().toISOString();
  await context.storage.transaction(async (trx) => {
    const before = await readReportSettings(trx);
    if (before.customersMayRead === changes.customersMayRead) return;
    const value = changes.customersMayRead ? 'on' : 'off';
    await saveAdminSetting(trx, { name: CUSTOMER_REPORTS, value, updatedAt: at, updatedBy: actor.userId });
    await recordChangeBy(trx, actor, at, 'settings.customer-reports', ['settings', CUSTOMER_REPORTS], {
      before,
      after: { customersMayRead: changes.customersMayRead },
    });
  });
  return { customersMayRead: changes.customersMayRead };
}
