import { findUserByEmail, findUserById, updateUser } from '../../storage/repositories/users.js';
import {
  deleteSession,
  deleteSessionsOfUser,
  findApiTokenHolder,
  findSession,
  insertSession,
  markApiTokenUsed,
  touchSession,
} from '../../storage/repositories/credentials.js';
import { recordChange } from '../audit.js';
import { nowIso, type ServiceContext } from '../context.js';
import { invalid, unauthenticated } from '../errors.js';
import { actorFromUser, type AuthenticatedUser } from './actor.js';
import { hashPassword, hashToken, MIN_PASSWORD_LENGTH, newSecretToken, verifyPassword } from './secrets.js';

export const SESSION_LIFETIME_MS = 12 * 3_600_000;

/** A hash to verify against when the e-mail is unknown, so timing does not tell which accounts exist. */
let decoyHash: Promise<string> | undefined;

export async function signIn(
  context: ServiceContext,
  input: { email: string; password: string },
): Promise<{ user: AuthenticatedUser; sessionToken: string; csrfToken: string; expiresAt: string }> {
  const user = await findUserByEmail(context.storage.db, input.email);
  if (!user || user.disabled_at !== null || user.password_hash === null) {
    decoyHash ??= hashPassword('casedesk-decoy-password');
    await verifyPassword(await decoyHash, input.password);
    throw unauthenticated('errors.badCredentials');
  }
  if (!(await verifyPassword(user.password_hash, input.password))) throw unauthenticated('errors.badCredentials');

  const sessionToken = newSecretToken();
  const csrfToken = newSecretToken();
  const now = context.clock.now();
  const expiresAt = new Date(now.getTime() + SESSION_LIFETIME_MS).toISOString();
  await insertSession(context.storage.db, {
    token_hash: hashToken(sessionToken),
    user_id: user.id,
    csrf_token: csrfToken,
    created_at: now.toISOString(),
    expires_at: expiresAt,
    last_seen_at: now.toISOString(),
  });
  return { user: actorFromUser(user), sessionToken, csrfToken, expiresAt };
}

/** Resolves a session cookie; sliding expiry so an agent on a long shift stays signed in while active. */
export async function authenticateSession(
  context: ServiceContext,
  sessionToken: string,
): Promise<{ user: AuthenticatedUser; csrfToken: string; tokenHash: string } | null> {
  const tokenHash = hashToken(sessionToken);
  const session = await findSession(context.storage.db, tokenHash);
  const now = context.clock.now();
  if (!session || session.expires_at <= now.toISOString()) return null;
  const user = await findUserById(context.storage.db, session.user_id);
  if (!user || user.disabled_at !== null) return null;
  // Writing on every request would make each read a write; refresh at most once a minute.
  if (now.getTime() - Date.parse(session.last_seen_at) > 60_000) {
    await touchSession(context.storage.db, tokenHash, now.toISOString(), new Date(now.getTime() + SESSION_LIFETIME_MS).toISOString());
  }
  return { user: actorFromUser(user), csrfToken: session.csrf_token, tokenHash };
}

export async function authenticateApiToken(context: ServiceContext, token: string): Promise<AuthenticatedUser | null> {
  const found = await findApiTokenHolder(context.storage.db, hashToken(token));
  if (!found) return null;
  const { token_id: tokenId, token_last_used_at: lastUsedAt, ...user } = found;
  const now = nowIso(context);
  // Recorded at most once a minute, so a busy integration does not write on every call.
  if (lastUsedAt === null || Date.parse(now) - Date.parse(lastUsedAt) > 60_000) {
    await markApiTokenUsed(context.storage.db, tokenId, now);
  }
  return actorFromUser(user);
}

export async function signOut(context: ServiceContext, tokenHash: string): Promise<void> {
  await deleteSession(context.storage.db, tokenHash);
}

export async function changePassword(
  context: ServiceContext,
  actor: AuthenticatedUser,
  input: { currentPassword: string; newPassword: string },
  keepSessionHash?: string,
): Promise<void> {
  const user = await findUserById(context.storage.db, actor.userId);
  if (!user?.password_hash || !(await verifyPassword(user.password_hash, input.currentPassword))) {
    throw invalid('errors.currentPasswordWrong', 'currentPassword');
  }
  if (input.newPassword.length < MIN_PASSWORD_LENGTH) {
    throw invalid('errors.passwordTooShort', 'newPassword', { min: MIN_PASSWORD_LENGTH });
  }
  const passwordHash = await hashPassword(input.newPassword);
  const at = nowIso(context);
  await context.storage.transaction(async (trx) => {
    await updateUser(trx, actor.userId, { password_hash: passwordHash, updated_at: at });
    // Other sessions may belong to whoever knew the old password.
    await deleteSessionsOfUser(trx, actor.userId, keepSessionHash);
    await recordChange(trx, { at, actorUserId: actor.userId, action: 'user.password-changed', entityType: 'user', entityId: actor.userId });
  });
}
