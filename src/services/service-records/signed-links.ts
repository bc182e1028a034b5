import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Executor } from '../../storage/db.js';
import {
  ensureSigningKey,
  findSignedLink,
  insertSignedLink,
  markSignedLinkUsed,
  type SignedLinkRow,
} from '../../storage/repositories/service-records.js';
import { newSecretToken } from '../auth/secrets.js';
import { newId, type ServiceContext } from '../context.js';

/**
 * Links e-mailed to customers that act without a sign-in: a service-record confirmation and a survey form. The
 * token is `<link id>.<expiry>.<HMAC>`, signed with a server secret kept in the database (so every instance signs
 * alike and the secret never sits in a config file); the link row makes it single-use and tells a reused link from
 * a forged one.
 */
export type LinkPurpose = 'service-record-confirmation' | 'survey';

const SIGNING_KEY = 'signed-links';

async function linkSecret(executor: Executor, context: ServiceContext): Promise<string> {
  return ensureSigningKey(executor, SIGNING_KEY, newSecretToken(), context.clock.now().toISOString());
}

function signature(secret: string, purpose: LinkPurpose, id: string, expiresAtSeconds: number): Buffer {
  return createHmac('sha256', secret).update(`${purpose}:${id}:${expiresAtSeconds}`).digest();
}

export async function issueSignedLink(
  executor: Executor,
  context: ServiceContext,
  link: { purpose: LinkPurpose; subjectId: string; recipientEmail: string | null; validDays: number },
): Promise<{ id: string; token: string; expiresAt: string }> {
  const now = context.clock.now();
  const expiresAtSeconds = Math.floor(now.getTime() / 1000) + link.validDays * 86_400;
  const id = newId();
  const expiresAt = new Date(expiresAtSeconds * 1000).toISOString();
  await insertSignedLink(executor, {
    id,
    purpose: link.purpose,
    subject_id: link.subjectId,
    recipient_email: link.recipientEmail,
    expires_at: expiresAt,
    used_at: null,
    used_ip: null,
    used_user_agent: null,
    created_at: now.toISOString(),
  });
  const secret = await linkSecret(executor, context);
  const token = `${id}.${expiresAtSeconds}.${signature(secret, link.purpose, id, expiresAtSeconds).toString('base64url')}`;
  return { id, token, expiresAt };
}

export type LinkCheck =
  | { state: 'valid'; link: SignedLinkRow }
  | { state: 'used'; link: SignedLinkRow }
  | { state: 'expired'; link: SignedLinkRow }
  | { state: 'forged' };

const TOKEN_SHAPE = /^([0-9a-f-]{36})\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/;

/** Tells a valid link from a used, an expired and a forged one; only a signature we made reaches the database. */
export async function checkSignedLink(
  executor: Executor,
  context: ServiceContext,
  purpose: LinkPurpose,
  token: string,
): Promise<LinkCheck> {
  const match = TOKEN_SHAPE.exec(token);
  if (!match) return { state: 'forged' };
  const [, id, expiry, sent] = match as unknown as [string, string, string, string];
  const expected = signature(await linkSecret(executor, context), purpose, id, Number(expiry));
  const given = Buffer.from(sent, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { state: 'forged' };
  const link = await findSignedLink(executor, id);
  if (!link || link.purpose !== purpose) return { state: 'forged' };
  if (link.used_at !== null) return { state: 'used', link };
  if (context.clock.now().getTime() >= Date.parse(link.expires_at)) return { state: 'expired', link };
  return { state: 'valid', link };
}

/** Uses the link up; false when another request used it first. */
export async function useSignedLink(
  executor: Executor,
  linkId: string,
  use: { at: string; ip: string | null; userAgent: string | null },
): Promise<boolean> {
  return markSignedLinkUsed(executor, linkId, use);
}
