import { claimSystemFlag } from '../../storage/repositories/credentials.js';
import { countUsers, type UserRow } from '../../storage/repositories/users.js';
import type { Language } from '../../domain/access/roles.js';
import { hashPassword, MIN_PASSWORD_LENGTH } from '../auth/secrets.js';
import { nowIso, type ServiceContext } from '../context.js';
import { conflict, conflictIfTaken, invalid } from '../errors.js';
import { IANAZone } from 'luxon';
import { setDefaultPolicyTimeZone } from '../escalations/escalation-policies.js';
import { insertCheckedUser } from '../people/create-user.js';

export async function isSetupNeeded(context: ServiceContext): Promise<boolean> {
  return (await countUsers(context.storage.db)) === 0;
}

/**
 * Creates the first admin on an empty system. The `setup-done` flag row is the lock: two browsers racing to set up
 * collide on its primary key, and the page refuses for good once anyone exists.
 */
export async function completeFirstRunSetup(
  context: ServiceContext,
  input: {
    email: string;
    name: string;
    password: string;
    language?: Language | undefined;
    /** The company's IANA time zone; left out, the default policy keeps UTC. */
    timeZone?: string | undefined;
  },
  clientAddress: string | null = null,
): Promise<UserRow> {
  if (input.password.length < MIN_PASSWORD_LENGTH) throw invalid('errors.passwordTooShort', 'password', { min: MIN_PASSWORD_LENGTH });
  const { timeZone, ...person } = input;
  if (timeZone !== undefined && !IANAZone.isValidZone(timeZone)) throw invalid('errors.unknownTimeZone', 'timeZone', { timeZone });
  const passwordHash = await hashPassword(input.password);
  return conflictIfTaken(
    context.storage.transaction(async (trx) => {
      if ((await countUsers(trx)) > 0) throw conflict('errors.setupDone');
      await claimSystemFlag(trx, 'setup-done', 'true', nowIso(context));
      const admin = await insertCheckedUser(trx, context, null, { ...person, role: 'admin' }, passwordHash, clientAddress);
      if (timeZone !== undefined) await setDefaultPolicyTimeZone(trx, { userId: admin.id, clientAddress }, timeZone, nowIso(context));
      return admin;
    }),
    () => conflict('errors.setupDone'),
  );
}
