import type { Actor } from '../../domain/access/permissions.js';
import { isCaseLevel, type CaseLevel } from '../../domain/cases/levels.js';
import type { Executor } from '../../storage/db.js';
import { findAdminSetting, saveAdminSetting } from '../../storage/repositories/admin-settings.js';
import { recordChangeBy } from '../audit.js';
import type { ServiceContext } from '../context.js';

/** How customers reach the service desk, and how it takes in what they mail, as the admin set it. */
export interface ServiceDeskSettings {
  /** Shown in the portal and in every mail to a customer. */
  hotlineNumber: string | null;
  /** The level of a case opened from a mail, until the secretary re-levels it. */
  mailCaseLevel: CaseLevel;
}

const HOTLINE_NUMBER = 'hotline-number';
const MAIL_CASE_LEVEL = 'mail-case-level';
/** A mail says little about how badly the customer is hit: light effect, most business normal, until someone asks. */
export const DEFAULT_MAIL_CASE_LEVEL: CaseLevel = 3;

export async function readHotlineNumber(executor: Executor): Promise<string | null> {
  return (await findAdminSetting(executor, HOTLINE_NUMBER)) || null;
}

/** The level a case opened from a mail starts at. */
export async function readMailCaseLevel(executor: Executor): Promise<CaseLevel> {
  const stored = Number(await findAdminSetting(executor, MAIL_CASE_LEVEL));
  return isCaseLevel(stored) ? stored : DEFAULT_MAIL_CASE_LEVEL;
}

async function readAll(executor: Executor): Promise<ServiceDeskSettings> {
  const [hotlineNumber, mailCaseLevel] = await Promise.all([readHotlineNumber(executor), readMailCaseLevel(executor)]);
  return { hotlineNumber, mailCaseLevel };
}

export async function readServiceDeskSettings(context: ServiceContext): Promise<ServiceDeskSettings> {
  return readAll(context.storage.db);
}

/**
 * The admin changes the hotline number (null or empty takes it out of the portal and the mails) or the level of a
 * mailed-in case; what the request leaves out stays as it was.
 */
export async function updateServiceDeskSettings(
  context: ServiceContext,
  actor: Actor,
  changes: { hotlineNumber?: string | null | undefined; mailCaseLevel?: CaseLevel | undefined },
): Promise<ServiceDeskSettings> {
  const at = context.clock.now().toISOString();
  return context.storage.transaction(async (trx) => {
    const before = await readAll(trx);
    const after: ServiceDeskSettings = {
      hotlineNumber: changes.hotlineNumber === undefined ? before.hotlineNumber : changes.hotlineNumber?.trim() || null,
      mailCaseLevel: changes.mailCaseLevel ?? before.mailCaseLevel,
    };
    if (after.hotlineNumber !== before.hotlineNumber) {
      await saveAdminSetting(trx, { name: HOTLINE_NUMBER, value: after.hotlineNumber ?? '', updatedAt: at, updatedBy: actor.userId });
      await recordChangeBy(trx, actor, at, 'settings.hotline-number', ['settings', HOTLINE_NUMBER], {
        before: { hotlineNumber: before.hotlineNumber },
        after: { hotlineNumber: after.hotlineNumber },
      });
    }
    if (after.mailCaseLevel !== before.mailCaseLevel) {
      await saveAdminSetting(trx, { name: MAIL_CASE_LEVEL, value: String(after.mailCaseLevel), updatedAt: at, updatedBy: actor.userId });
      await recordChangeBy(trx, actor, at, 'settings.mail-case-level', ['settings', MAIL_CASE_LEVEL], {
        before: { mailCaseLevel: before.mailCaseLevel },
        after: { mailCaseLevel: after.mailCaseLevel },
      });
    }
    return after;
  });
}
