import type { Insertable, Selectable } from 'kysely';
import type { Executor } from '../db.js';
import { preparedQuery } from '../prepared-query.js';
import { batchedLookup, isOneOf, listParameter, type ListParameter } from '../read-batches.js';
import type { UserRow } from './users.js';
import type { ApiTokensTable, SessionsTable } from '../schema.js';

export type SessionRow = Selectable<SessionsTable>;
export type ApiTokenRow = Selectable<ApiTokensTable>;

export async function insertSession(executor: Executor, row: Insertable<SessionsTable>): Promise<void> {
  await executor.insertInto('sessions').values(row).execute();
}

export async function findSession(executor: Executor, tokenHash: string): Promise<SessionRow | undefined> {
  return executor.selectFrom('sessions').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

export async function touchSession(executor: Executor, tokenHash: string, at: string, expiresAt: string): Promise<void> {
  await executor.updateTable('sessions').set({ last_seen_at: at, expires_at: expiresAt }).where('token_hash', '=', tokenHash).execute();
}

export async function deleteSession(executor: Executor, tokenHash: string): Promise<void> {
  await executor.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
}

export async function deleteSessionsOfUser(executor: Executor, userId: string, exceptTokenHash?: string): Promise<void> {
  let query = executor.deleteFrom('sessions').where('user_id', '=', userId);
  if (exceptTokenHash) query = query.where('token_hash', '!=', exceptTokenHash);
  await query.execute();
}

export async function insertApiToken(executor: Executor, row: Insertable<ApiTokensTable>): Promise<void> {
  await executor.insertInto('api_tokens').values(row).execute();
}

export async function findActiveApiToken(executor: Executor, tokenHash: string): Promise<ApiTokenRow | undefined> {
  return executor
    .selectFrom('api_tokens')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
}

type ApiTokenHolder = UserRow & { token_id: string; token_last_used_at: string | null };

function apiTokenHolders(executor: Executor) {
  return executor
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .selectAll('users')
    .select(['api_tokens.id as token_id', 'api_tokens.last_used_at as token_last_used_at'])
    .where('api_tokens.revoked_at', 'is', null)
    .where('users.disabled_at', 'is', null);
}

const apiTokenHolderQuery = preparedQuery<{ tokenHash: string }, ApiTokenHolder>((executor, param) =>
  apiTokenHolders(executor).where('api_tokens.token_hash', '=', param('tokenHash')),
);

const apiTokenHoldersQuery = preparedQuery<{ tokenHashes: ListParameter }, ApiTokenHolder & { token_hash: string }>((executor, param) =>
  apiTokenHolders(executor)
    .select('api_tokens.token_hash')
    .where(isOneOf(executor, 'api_tokens.token_hash', param('tokenHashes'))),
);

/** The active user behind an unrevoked token: every API request asks it, so concurrent requests ask together. */
export const findApiTokenHolder = batchedLookup<string, ApiTokenHolder | undefined>({
  one: async (executor, tokenHash) => (await apiTokenHolderQuery(executor, { tokenHash }))[0],
  many: async (db, tokenHashes) => {
    const holders = new Map<string, ApiTokenHolder>();
    for (const { token_hash: tokenHash, ...holder } of await apiTokenHoldersQuery(db, {
      tokenHashes: listParameter(db, [...new Set(tokenHashes)]),
    }))
      holders.set(tokenHash, holder);
    return tokenHashes.map((tokenHash) => holders.get(tokenHash));
  },
});

export async function markApiTokenUsed(executor: Executor, id: string, at: string): Promise<void> {
  await executor.updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', id).execute();
}

export async function listApiTokensOfUser(executor: Executor, userId: string): Promise<ApiTokenRow[]> {
  return executor.selectFrom('api_tokens').selectAll().where('user_id', '=', userId).orderBy('id').execute();
}

export async function revokeApiToken(executor: Executor, id: string, userId: string, at: string): Promise<number> {
  const result = await executor
    .updateTable('api_tokens')
    .set({ revoked_at: at })
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function claimSystemFlag(executor: Executor, name: string, value: string, at: string): Promise<void> {
  await executor.insertInto('system_flags').values({ name, value, set_at: at }).execute();
}
