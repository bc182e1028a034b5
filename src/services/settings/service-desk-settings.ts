import type { Actor } from '../../domain/access/permissions.js';
import type { Executor } from '../../storage/db.js';
import { findAdminSetting, saveAdminSetting } from '../../storage/repositories/admin-settings.js';
import { recordChange } from '../audit.js';
import type { ServiceContext } from '../context.js';

/** How customers reach the service desk, as the admin set it: shown in the portal and in every mail to a customer. */
export interface ServiceDeskSettings {
  hotlineNumber: string | null;
}

const HOTLINE_NUMBER = 'hotline-number';

export async function readHotlineNumber(executor: Executor): Promise<string | null> {
  return (await findAdminSetting(executor, HOTLINE_NUMBER)) || null;
}

export async function readServiceDeskSettings(context: ServiceContext): Promise<ServiceDeskSettings> {
  return { hotlineNumber: await readHotlineNumber(context.storage.db) };
}

/** The admin changes the hotline number (null or empty takes it out of the portal and the mails). */
export async function updateServiceDeskSettings(
  context: ServiceContext,
  actor: Actor,
  changes: { hotlineNumber: string | null },
): Promise<ServiceDeskSettings> {
  const at = context.clock.now().toISOString();
  const hotlineNumber = changes.hotlineNumber?.trim() || null;
  await context.storage.transaction(async (trx) => {
    const before = await readHotlineNumber(trx);
    if (before === hotlineNumber) return;
    await saveAdminSetting(trx, { name: HOTLINE_NUMBER, value: hotlineNumber ?? '', updatedAt: at, updatedBy: actor.userId });
    await recordChange(trx, {
      at,
      actorUserId: actor.userId,
      action: 'settings.hotline-number',
      entityType: 'settings',
      entityId: HOTLINE_NUMBER,
      before: { hotlineNumber: before },
      after: { hotlineNumber },
    });
  });
  return { hotlineNumber };
}
