import type { Actor } from '../../domain/access/permissions.js';
import type { Language } from '../../domain/access/roles.js';
import { renderPasswordResetMail } from '../../mail/templates/password-reset-mail.js';
import type { Executor } from '../../storage/db.js';
import { deleteSessionsOfUser } from '../../storage/repositories/credentials.js';
import { closePasswordResetsOfUser, insertPasswordReset, usePasswordReset } from '../../storage/repositories/password-resets.js';
import { countFailure, deleteClosedThrottles, findOpenThrottles } from '../../storage/repositories/sign-in-throttles.js';
import { findUserByEmail, findUserById, updateUser, type UserRow } from '../../storage/repositories/users.js';
import { recordChange, recordChangeBy } from '../audit.js';
import { nowIso, securityOf, type ServiceContext } from '../context.js';
import { ServiceError, conflict, forbidden, invalid, notFound } from '../errors.js';
import { enqueueMail } from '../notifications/enqueue-mail.js';
import { hashPassword, hashToken, MIN_PASSWORD_LENGTH, newSecretToken } from './secrets.js';
import { mayManageUsers } from '../../domain/access/policies/users.js';

/** How long a reset link works. Short, because whoever reads the mailbox in that time can take the account. */
export const PASSWORD_RESET_LINK_MS = 60 * 60_000;

/**
 * Reset requests from the sign-in page, counted in the sign-in throttle table over the sign-in window: a few per
 * address (each one sends a mail to a real person), more per IP address (a shared office network).
 */
export const RESET_REQUESTS_PER_ADDRESS = 3;
export const RESET_REQUESTS_PER_IP = 10;

/** The token travels in the fragment, which browsers never send to a server, so it stays out of access logs. */
function resetUrl(context: ServiceContext, token: string): string {
  return `${context.publicUrl.replace(/\/$/, '')}/reset-password#token=${token}`;
}

/** Stores a new single-use link for the user (only its hash) and, with `mail`, queues it to them in their language. */
async function issueResetLink(
  executor: Executor,
  context: ServiceContext,
  user: UserRow,
  options: { requestedByUserId: string | null; mail: boolean; sentByAdmin: boolean },
): Promise<{ url: string; expiresAt: string }> {
  const token = newSecretToken();
  const now = context.clock.now();
  const expiresAt = new Date(now.getTime() + PASSWORD_RESET_LINK_MS).toISOString();
  const tokenHash = hashToken(token);
  await insertPasswordReset(executor, {
    token_hash: tokenHash,
    user_id: user.id,
    requested_by_user_id: options.requestedByUserId,
    created_at: now.toISOString(),
    expires_at: expiresAt,
    used_at: null,
  });
  const url = resetUrl(context, token);
  if (options.mail) {
    const language: Language = user.language === 'zh-CN' ? 'zh-CN' : 'en';
    const mail = renderPasswordResetMail({
      language,
      name: user.name,
      email: user.email,
      url,
      expiresAt,
      sentByAdmin: options.sentByAdmin,
    });
    await enqueueMail(executor, context, {
      kind: 'password-reset',
      to: user.email,
      recipientUserId: user.id,
      language,
      ...mail,
      dedupeKey: `password-reset:${tokenHash}`,
      caseId: null,
    });
  }
  return { url, expiresAt };
}

/**
 * "Forgot password" on the sign-in page. The answer is the same whether or not an active account has the address:
 * only then is a link stored and mailed, and the caller learns nothing either way.
 */
export async function requestPasswordReset(context: ServiceContext, input: { email: string; ip: string }): Promise<void> {
  const now = context.clock.now();
  const windowMs = securityOf(context).signInWindowMs;
  const windowOpenedAfter = new Date(now.getTime() - windowMs).toISOString();
  const keys = { address: `reset-address:${input.email.trim().toLowerCase()}`, ip: `reset-ip:${input.ip}` };
  const open = await findOpenThrottles(context.storage.db, [keys.address, keys.ip], windowOpenedAfter);
  const blocking = open.filter((row) => row.failures >= (row.key === keys.ip ? RESET_REQUESTS_PER_IP : RESET_REQUESTS_PER_ADDRESS));
  if (blocking.length > 0) {
    const until = Math.max(...blocking.map((row) => Date.parse(row.window_started_at) + windowMs));
    const retryAfterSeconds = Math.max(1, Math.ceil((until - now.getTime()) / 1000));
    throw new ServiceError('rate-limited', 'errors.rateLimited', { after: `${retryAfterSeconds} s` }, undefined, { retryAfterSeconds });
  }
  await context.storage.transaction(async (trx) => {
    await countFailure(trx, keys.address, now.toISOString(), windowOpenedAfter);
    await countFailure(trx, keys.ip, now.toISOString(), windowOpenedAfter);
    await deleteClosedThrottles(trx, new Date(now.getTime() - 2 * windowMs).toISOString());
    const user = await findUserByEmail(trx, input.email);
    if (!user || user.disabled_at !== null) return;
    await issueResetLink(trx, context, user, { requestedByUserId: null, mail: true, sentByAdmin: false });
    await recordChange(trx, {
      at: now.toISOString(),
      actorUserId: null,
      clientAddress: input.ip,
      action: 'user.password-reset-requested',
      entityType: 'user',
      entityId: user.id,
    });
  });
}

function refuseDeactivated(user: UserRow): void {
  if (user.disabled_at !== null) throw conflict('errors.userDeactivated', { email: user.email }, 'disabled');
}

/** An admin mails a user a link to set a password (a new user without one, or one who forgot theirs). */
export async function sendPasswordResetLink(
  context: ServiceContext,
  actor: Actor,
  userId: string,
): Promise<{ to: string; expiresAt: string }> {
  if (!mayManageUsers(actor)) throw forbidden();
  return context.storage.transaction(async (trx) => {
    const user = await findUserById(trx, userId);
    if (!user) throw notFound('user', userId);
    refuseDeactivated(user);
    const { expiresAt } = await issueResetLink(trx, context, user, { requestedByUserId: actor.userId, mail: true, sentByAdmin: true });
    await recordChangeBy(trx, actor, nowIso(context), 'user.password-reset-sent', ['user', user.id], { after: { expiresAt } });
    return { to: user.email, expiresAt };
  });
}

/** `casedesk user reset-password`: the link for the operator to pass on, and with `mail` also queued to the user. */
export async function createPasswordResetLinkForEmail(
  context: ServiceContext,
  email: string,
  options: { mail: boolean },
): Promise<{ url: string; expiresAt: string; mailed: boolean }> {
  return context.storage.transaction(async (trx) => {
    const user = await findUserByEmail(trx, email);
    if (!user) throw notFound('user', email);
    refuseDeactivated(user);
    const link = await issueResetLink(trx, context, user, { requestedByUserId: null, mail: options.mail, sentByAdmin: true });
    await recordChange(trx, {
      at: nowIso(context),
      // The command line: no client.
      actorUserId: null,
      clientAddress: null,
      action: 'user.password-reset-sent',
      entityType: 'user',
      entityId: user.id,
      after: { expiresAt: link.expiresAt, mailed: options.mail },
    });
    return { ...link, mailed: options.mail };
  });
}

/**
 * Sets a new password with a reset link. The link is spent in the same transaction; every session of the user ends
 * (whoever knew the old password is out), while API tokens stay: they were handed out on purpose and are revoked one
 * by one.
 */
export async function resetPassword(
  context: ServiceContext,
  input: { token: string; newPassword: string },
  clientAddress: string | null = null,
): Promise<void> {
  // Checked before the link is spent, so a password that is too short does not cost the user their link.
  if (input.newPassword.length < MIN_PASSWORD_LENGTH) {
    throw invalid('errors.passwordTooShort', 'newPassword', { min: MIN_PASSWORD_LENGTH });
  }
  const passwordHash = await hashPassword(input.newPassword);
  const at = nowIso(context);
  await context.storage.transaction(async (trx) => {
    const userId = await usePasswordReset(trx, hashToken(input.token), at);
    const user = userId ? await findUserById(trx, userId) : undefined;
    if (!user || user.disabled_at !== null) throw invalid('errors.resetLinkInvalid', 'token');
    await updateUser(trx, user.id, { password_hash: passwordHash, updated_at: at });
    await closePasswordResetsOfUser(trx, user.id, at);
    await deleteSessionsOfUser(trx, user.id);
    await recordChange(trx, {
      at,
      actorUserId: user.id,
      clientAddress,
      action: 'user.password-reset',
      entityType: 'user',
      entityId: user.id,
    });
  });
}
