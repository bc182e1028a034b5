import { mayIssueCalendarFeedOf } from '../../domain/access/policies/visits.js';
import { mayHaveCalendarFeed } from '../../domain/access/policies/users.js';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Actor } from '../../domain/access/permissions.js';
import { displayPhoneNumber } from '../../domain/contacts/phone-numbers.js';
import { renderCalendar } from '../../domain/visits/icalendar.js';
import { ensureSigningKey } from '../../storage/repositories/service-records.js';
import { findUserById } from '../../storage/repositories/users.js';
import { findCalendarFeed, listVisits, saveCalendarFeed } from '../../storage/repositories/visits.js';
import { recordChangeBy } from '../audit.js';
import { newSecretToken } from '../auth/secrets.js';
import type { ServiceContext } from '../context.js';
import { forbidden, invalid } from '../errors.js';
import type { Executor } from '../../storage/db.js';

/**
 * Each engineer's visits as an iCalendar feed that calendar apps subscribe to without a session. The address
 * carries `<user id>.<nonce>.<HMAC>`: the HMAC (server secret in the database) makes it unguessable, the nonce
 * stored per engineer lets a new address retire the old one.
 */
const FEED_KEY = 'calendar-feeds';
const FEED_PAST_DAYS = 30;
const FEED_FUTURE_DAYS = 365;
const FEED_MAX_EVENTS = 1000;

async function feedSignature(executor: Executor, context: ServiceContext, userId: string, nonce: string): Promise<Buffer> {
  const secret = await ensureSigningKey(executor, FEED_KEY, newSecretToken(), context.clock.now().toISOString());
  // 128 bits of the HMAC: unguessable, and the address stays within the router's parameter length.
  return createHmac('sha256', secret).update(`calendar:${userId}:${nonce}`).digest().subarray(0, 16);
}

/** Makes (or replaces) the engineer's feed address. Engineers get their own; managers and admins anyone's. */
export async function issueCalendarFeed(context: ServiceContext, actor: Actor, userId: string): Promise<{ url: string; path: string }> {
  if (!mayIssueCalendarFeedOf(actor, userId)) throw forbidden();
  return context.storage.transaction(async (trx) => {
    const user = await findUserById(trx, userId);
    if (!user || !mayHaveCalendarFeed(user)) throw invalid('errors.assigneeNotStaff', 'id', { id: userId });
    const nonce = randomBytes(12).toString('base64url');
    const at = context.clock.now().toISOString();
    await saveCalendarFeed(trx, { user_id: userId, nonce, created_at: at });
    await recordChangeBy(trx, actor, at, 'calendar-feed.issue', ['user', userId]);
    const signature = (await feedSignature(trx, context, userId, nonce)).toString('base64url');
    const path = `/api/v1/calendar-feeds/${userId}.${nonce}.${signature}.ics`;
    return { path, url: `${context.publicUrl.replace(/\/$/, '')}${path}` };
  });
}

const FEED_TOKEN = /^([0-9a-f-]{36})\.([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]{22})(?:\.ics)?$/;

/** The feed text, or null for an address that is malformed, forged or retired (all answer 404 alike). */
export async function renderCalendarFeed(context: ServiceContext, token: string): Promise<string | null> {
  const match = FEED_TOKEN.exec(token);
  if (!match) return null;
  const [, userId, nonce, sent] = match as unknown as [string, string, string, string];
  const db = context.storage.db;
  const expected = await feedSignature(db, context, userId, nonce);
  const given = Buffer.from(sent, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  const feed = await findCalendarFeed(db, userId);
  const user = await findUserById(db, userId);
  if (!feed || feed.nonce !== nonce || !user || user.disabled_at !== null) return null;

  const now = context.clock.now();
  const rows = await listVisits(db, {
    engineerUserId: userId,
    from: new Date(now.getTime() - FEED_PAST_DAYS * 86_400_000).toISOString(),
    to: new Date(now.getTime() + FEED_FUTURE_DAYS * 86_400_000).toISOString(),
    includeCancelled: true,
    limit: FEED_MAX_EVENTS,
  });
  const host = new URL(context.publicUrl).hostname || 'casedesk.local';
  return renderCalendar({
    name: `CaseDesk — ${user.name}`,
    generatedAt: now.toISOString(),
    events: rows.slice(0, FEED_MAX_EVENTS).map((row) => ({
      uid: `visit-${row.id}@${host}`,
      sequence: row.sequence,
      startsAt: row.starts_at,
      endsAt: row.ends_at,
      updatedAt: row.updated_at,
      summary: `${row.case_number} ${row.organization_name}: ${row.case_title}`,
      location: row.site,
      description: [
        `Case ${row.case_number}: ${row.case_title}`,
        `Customer: ${row.organization_name}`,
        row.contact_name ? `Contact: ${row.contact_name}${row.contact_phone ? ` (${displayPhoneNumber(row.contact_phone)})` : ''}` : null,
        row.notes ? `Notes: ${row.notes}` : null,
        `Status: ${row.status}`,
      ]
        .filter((line): line is string => line !== null)
        .join('\n'),
      status: row.status === 'cancelled' ? ('CANCELLED' as const) : ('CONFIRMED' as const),
      url: `${context.publicUrl.replace(/\/$/, '')}/cases/${row.case_id}`,
    })),
  });
}
