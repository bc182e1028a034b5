import { insertApiToken, listApiTokensOfUser, revokeApiToken } from '../../storage/repositories/credentials.js';
import { findUserByEmail } from '../../storage/repositories/users.js';
import { recordChange } from '../audit.js';
import { newId, nowIso, type ServiceContext } from '../context.js';
import { notFound } from '../errors.js';
import { hashToken, newSecretToken } from './secrets.js';

export interface ApiTokenView {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** The token is shown once, at creation; only its hash is stored. */
export async function createApiToken(
  context: ServiceContext,
  userId: string,
  name: string,
  actorUserId: string | null,
  /** The client address of the request that asks for it; null for the command line. */
  clientAddress: string | null = null,
): Promise<{ token: string; view: ApiTokenView }> {
  const token = newSecretToken('cd_');
  const at = nowIso(context);
  const id = newId();
  await context.storage.transaction(async (trx) => {
    await insertApiToken(trx, {
      id,
      user_id: userId,
      name,
      token_hash: hashToken(token),
      created_at: at,
      last_used_at: null,
      revoked_at: null,
    });
    await recordChange(trx, {
      at,
      actorUserId,
      clientAddress,
      action: 'api-token.created',
      entityType: 'user',
      entityId: userId,
      after: { tokenId: id, name },
    });
  });
  return { token, view: { id, name, createdAt: at, lastUsedAt: null, revokedAt: null } };
}

export async function createApiTokenForEmail(context: ServiceContext, email: string, name: string): Promise<string> {
  const user = await findUserByEmail(context.storage.db, email);
  if (!user) throw notFound('user', email);
  return (await createApiToken(context, user.id, name, null)).token;
}

export async function listOwnApiTokens(context: ServiceContext, userId: string): Promise<ApiTokenView[]> {
  const rows = await listApiTokensOfUser(context.storage.db, userId);
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  }));
}

export async function revokeOwnApiToken(
  context: ServiceContext,
  userId: string,
  tokenId: string,
  clientAddress: string | null = null,
): Promise<void> {
  const at = nowIso(context);
  await context.storage.transaction(async (trx) => {
    if ((await revokeApiToken(trx, tokenId, userId, at)) === 0) throw notFound('api-token', tokenId);
    await recordChange(trx, {
      at,
      actorUserId: userId,
      clientAddress,
      action: 'api-token.revoked',
      entityType: 'user',
      entityId: userId,
      after: { tokenId },
    });
  });
}
