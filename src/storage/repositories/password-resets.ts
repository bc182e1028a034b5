import type { Insertable, Selectable } from 'kysely';
import type { Executor } from '../db.js';
import type { PasswordResetsTable } from '../schema.js';

export type PasswordResetRow = Selectable<PasswordResetsTable>;

export async function insertPasswordReset(executor: Executor, row: Insertable<PasswordResetsTable>): Promise<void> {
  await executor.insertInto('password_resets').values(row).execute();
}

/**
 * Uses the link in one statement: only a link not used yet and not expired is marked, so two requests racing with one
 * link cannot both set a password. Returns the user it belongs to, or undefined.
 */
export async function usePasswordReset(executor: Executor, tokenHash: string, at: string): Promise<string | undefined> {
  const row = await executor
    .updateTable('password_resets')
    .set({ used_at: at })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', at)
    .returning('user_id')
    .executeTakeFirst();
  return row?.user_id;
}

/** Once a password is set, the user's other open links are spent too: any of them may sit in an old mailbox. */
export async function closePasswordResetsOfUser(executor: Executor, userId: string, at: string): Promise<void> {
  await executor.updateTable('password_resets').set({ used_at: at }).where('user_id', '=', userId).where('used_at', 'is', null).execute();
}
