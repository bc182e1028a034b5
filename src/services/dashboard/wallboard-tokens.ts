import type { Actor } from '../../domain/access/permissions.js';
import { mayManageWallboards } from '../../domain/access/policies/dashboard.js';
import {
  findActiveWallboardToken,
  insertWallboardToken,
  listWallboardTokens,
  markWallboardTokenUsed,
  revokeWallboardToken,
  type WallboardTokenRow,
} from '../../storage/repositories/wallboard-tokens.js';
import { recordChangeBy } from '../audit.js';
import { newId, nowIso, type ServiceContext } from '../context.js';
import { forbidden, notFound } from '../errors.js';
import { hashToken, newSecretToken } from '../auth/secrets.js';

/** Wallboard tokens start so, which tells them from API tokens (`cd_`) before any look-up. */
export const WALLBOARD_TOKEN_PREFIX = 'cdw_';

export interface WallboardTokenView {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface Wallboard {
  tokenId: string;
  name: string;
}

function viewOf(row: WallboardTokenRow): WallboardTokenView {
  return { id: row.id, name: row.name, createdAt: row.created_at, lastUsedAt: row.last_used_at, revokedAt: row.revoked_at };
}

/** The token is shown once, in the answer; only its hash is stored. */
export async function createWallboardToken(
  context: ServiceContext,
  actor: Actor,
  name: string,
): Promise<{ token: string; view: WallboardTokenView }> {
  if (!mayManageWallboards(actor)) throw forbidden();
  const token = newSecretToken(WALLBOARD_TOKEN_PREFIX);
  const at = nowIso(context);
  const row: WallboardTokenRow = {
    id: newId(),
    name,
    token_hash: hashToken(token),
    created_by: actor.userId,
    created_at: at,
    last_used_at: null,
    revoked_at: null,
  };
  await context.storage.transaction(async (trx) => {
    await insertWallboardToken(trx, row);
    await recordChangeBy(trx, actor, at, 'wallboard-token.created', ['wallboard-token', row.id], { after: { name } });
  });
  return { token, view: viewOf(row) };
}

export async function listWallboards(context: ServiceContext, actor: Actor): Promise<WallboardTokenView[]> {
  if (!mayManageWallboards(actor)) throw forbidden();
  return (await listWallboardTokens(context.storage.db)).map(viewOf);
}

/** Revoking is for good: the screen using it is refused (401) from its next request on. */
export async function revokeWallboard(context: ServiceContext, actor: Actor, id: string): Promise<void> {
  if (!mayManageWallboards(actor)) throw forbidden();
  const at = nowIso(context);
  await context.storage.transaction(async (trx) => {
    if ((await revokeWallboardToken(trx, id, at)) === 0) throw notFound('wallboard-token', id);
    await recordChangeBy(trx, actor, at, 'wallboard-token.revoked', ['wallboard-token', id]);
  });
}

/** The wallboard a token stands for, or null when it is unknown or revoked. */
export async function authenticateWallboard(context: ServiceContext, token: string): Promise<Wallboard | null> {
  if (!token.startsWith(WALLBOARD_TOKEN_PREFIX)) return null;
  const row = await findActiveWallboardToken(context.storage.db, hashToken(token));
  if (!row) return null;
  const now = nowIso(context);
  // Recorded at most once a minute: a wallboard reads every few seconds.
  if (row.last_used_at === null || Date.parse(now) - Date.parse(row.last_used_at) > 60_000) {
    await markWallboardTokenUsed(context.storage.db, row.id, now);
  }
  return { tokenId: row.id, name: row.name };
}
