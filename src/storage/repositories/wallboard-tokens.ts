import type { Insertable, Selectable } from 'kysely';
import type { Executor } from '../db.js';
import type { WallboardTokensTable } from '../schema.js';

export type WallboardTokenRow = Selectable<WallboardTokensTable>;

export async function insertWallboardToken(executor: Executor, row: Insertable<WallboardTokensTable>): Promise<void> {
  await executor.insertInto('wallboard_tokens').values(row).execute();
}

/** Every wallboard token, the newest first, revoked ones included (the page shows when each was revoked). */
export async function listWallboardTokens(executor: Executor): Promise<WallboardTokenRow[]> {
  return executor.selectFrom('wallboard_tokens').selectAll().orderBy('created_at', 'desc').orderBy('id').execute();
}

export async function findActiveWallboardToken(executor: Executor, tokenHash: string): Promise<WallboardTokenRow | undefined> {
  return executor
    .selectFrom('wallboard_tokens')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
}

export async function markWallboardTokenUsed(executor: Executor, id: string, at: string): Promise<void> {
  await executor.updateTable('wallboard_tokens').set({ last_used_at: at }).where('id', '=', id).execute();
}

/** Revokes a token still active; answers how many rows changed (0: unknown or already revoked). */
export async function revokeWallboardToken(executor: Executor, id: string, at: string): Promise<number> {
  const result = await executor
    .updateTable('wallboard_tokens')
    .set({ revoked_at: at })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function findWallboardToken(executor: Executor, id: string): Promise<WallboardTokenRow | undefined> {
  return executor.selectFrom('wallboard_tokens').selectAll().where('id', '=', id).executeTakeFirst();
}
