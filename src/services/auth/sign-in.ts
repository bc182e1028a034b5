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
import { clearThrottle, countFailure, deleteClosedThrottles, findOpenThrottles } from '../../storage/repositories/sign-in-throttles.js';
import { recordChangeBy } from '../audit.js';
import { nowIso, securityOf, type ServiceContext } from '../context.js';
import { invalid, ServiceError, unauthenticated } from '../errors.js';
import { actorFromUser, type AuthenticatedUser } from './actor.js';
import { hashPassword, hashToken, MIN_PASSWORD_LENGTH, newSecretToken, verifyPassword } from './secrets.js';

/** Idle time after which a session ends; each request (at most once a minute) moves it on, up to the maximum age. */
export const SESSION_LIFETIME_MS = 12 * 3_600_000;

/** A hash to verify against when the e-mail is unknown, so timing does not tell which accounts exist. */
let decoyHash: Promise<string> | undefined;

/**
 * Failed sign-ins are counted in the database, so every instance on it sees the same counts and a restart forgets
 * nothing: per e-mail address from one IP address (someone guessing one password), and per IP address across all
 * addresses (someone trying one password on many accounts). Keyed by the address as well, a stranger cannot lock a
 * colleague out from elsewhere. A successful sign-in clears its account counter.
 */
function throttleKeys(ip: string, email: string): { account: string; ip: string } {
  return { account: `account:${ip}|${email.trim().toLowerCase()}`, ip: `ip:${ip}` };
}

async function refuseWhileThrottled(context: ServiceContext, keys: { account: string; ip: string }, now: Date): Promise<void> {
  const settings = securityOf(context);
  const windowOpenedAfter = new Date(now.getTime() - settings.signInWindowMs).toISOString();
  const open = await findOpenThrottles(context.storage.db, [keys.account, keys.ip], windowOpenedAfter);
  const blocking = open.filter(
    (row) => row.failures >= (row.key === keys.ip ? settings.signInFailuresPerIp : settings.signInFailuresPerAccount),
  );
  if (blocking.length === 0) return;
  const until = Math.max(...blocking.map((row) => Date.parse(row.window_started_at) + settings.signInWindowMs));
  const retryAfterSeconds = Math.max(1, Math.ceil((until - now.getTime()) / 1000));
  throw new ServiceError('rate-limited', 'errors.rateLimited', { after: `${retryAfterSeconds} s` }, undefined, { retryAfterSeconds });
}

async function countSignInFailure(context: ServiceContext, keys: { account: string; ip: string }, now: Date): Promise<void> {
  const windowMs = securityOf(context).signInWindowMs;
  const at = now.toISOString();
  const windowOpenedAfter = new Date(now.getTime() - windowMs).toISOString();
  await context.storage.transaction(async (trx) => {
    await countFailure(trx, keys.account, at, windowOpenedAfter);
    await countFailure(trx, keys.ip, at, windowOpenedAfter);
    await deleteClosedThrottles(trx, new Date(now.getTime() - 2 * windowMs).toISOString());
  });
}

export async function signIn(
  context: ServiceContext,
  input: { email: string; password: string; ip: string },
): Promise<{ user: AuthenticatedUser; sessionToken: string; csrfToken: string; expiresAt: string }> {
  const keys = throttleKeys(input.ip, input.email);
  await refuseWhileThrottled(context, keys, context.clock.now());
  const user = await findUserByEmail(context.storage.db, input.email);
  if (!user || user.disabled_at !== null || user.password_hash === null) {
    decoyHash ??= hashPassword('casedesk-decoy-password');
    await verifyPassword(await decoyHash, input.password);
    await countSignInFailure(context, keys, context.clock.now());
    throw unauthenticated('errors.badCredentials');
  }
  if (!(await verifyPassword(user.password_hash, input.password))) {
    await countSignInFailure(context, keys, context.clock.now());
    throw unauthenticated('errors.badCredentials');
  }
  await clearThrottle(context.storage.db, keys.account);

  const sessionToken = newSecretToken();
  const csrfToken = newSecretToken();
  const now = context.clock.now();
  const expiresAt = new Date(now.getTime() + Math.min(SESSION_LIFETIME_MS, securityOf(context).sessionMaxAgeMs)).toISOString();
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

/**
 * Resolves a session cookie; sliding expiry so an agent on a long shift stays signed in while active, but never past
 * the maximum age from sign-in, so a stolen cookie kept busy does not live for ever.
 */
export async function authenticateSession(
  context: ServiceContext,
  sessionToken: string,
): Promise<{ user: AuthenticatedUser; csrfToken: string; tokenHash: string } | null> {
  const tokenHash = hashToken(sessionToken);
  const session = await findSession(context.storage.db, tokenHash);
  const now = context.clock.now();
  if (!session || session.expires_at <= now.toISOString()) return null;
  const endsAt = Date.parse(session.created_at) + securityOf(context).sessionMaxAgeMs;
  if (endsAt <= now.getTime()) {
    await deleteSession(context.storage.db, tokenHash);
    return null;
  }
  const user = await findUserById(context.storage.db, session.user_id);
  if (!user || user.disabled_at !== null) return null;
  // Writing on every request would make each read a write; refresh at most once a minute.
  if (now.getTime() - Date.parse(session.last_seen_at) > 60_000) {
    const expiresAt = new Date(Math.min(now.getTime() + SESSION_LIFETIME_MS, endsAt)).toISOString();
    await touchSession(context.storage.db, tokenHash, now.toISOString(), expiresAt);
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
    await recordChangeBy(trx, actor, at, 'user.password-changed', ['user', actor.userId]);
  });
}
