import type { ExpressionBuilder, Insertable, Selectable } from 'kysely';
import { locksRows, type Executor } from '../dialect.js';
import { preparedInsert } from '../prepared-query.js';
import { changedOne } from '../changed-one.js';
import type { Database, OutboxMessagesTable } from '../schema.js';
import { inIdOrder, whereGiven, type IdPage } from './pagination.js';

export type OutboxMessageRow = Selectable<OutboxMessagesTable>;
/** An outbox message as it is written. */
export type NewOutboxMessage = Insertable<OutboxMessagesTable>;
export const OUTBOX_STATUSES = ['pending', 'sending', 'sent', 'dead'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

/** The list columns: everything an admin needs to see what is stuck and why, without the bodies. */
export type OutboxSummaryRow = Omit<
  OutboxMessageRow,
  'text_body' | 'html_body' | 'claim_token' | 'thread_message_id' | 'attachment_ids_json' | 'report_json'
>;

/** Inserts in the caller's transaction; a second message with the same dedupe key is dropped, not an error. */
export async function insertOutboxMessage(executor: Executor, row: Insertable<OutboxMessagesTable>): Promise<void> {
  await executor
    .insertInto('outbox_messages')
    .values(row)
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .execute();
}

const insertOutboxRows = preparedInsert('outbox_messages');

/**
 * Inserts the first mails of cases being written (their acknowledgements), several in one prepared statement. Their
 * dedupe keys name the new cases, so none can be there already.
 */
export async function insertFirstMailsOfNewCases(executor: Executor, rows: NewOutboxMessage[]): Promise<void> {
  await insertOutboxRows(executor, rows);
}

/**
 * Claims up to `limit` due messages for one sender: pending ones whose time has come, and ones left 'sending' by a
 * sender whose lease ran out (it died or stopped renewing). Must run inside a transaction. On PostgreSQL the
 * candidates are locked with SKIP LOCKED so concurrent senders take disjoint sets without waiting on each other
 * (SQLite has a single writer); the conditional update re-checks the state either way, so a row can never be claimed by two senders
 * at once. Returns only the rows this call claimed, oldest due first: a sender reuses its claim token for every
 * batch of one run, so its heartbeat renews them all in one statement.
 */
export async function claimDueOutboxMessages(
  trx: Executor,
  claim: { now: string; leaseUntil: string; claimToken: string; limit: number },
): Promise<OutboxMessageRow[]> {
  const due = (eb: ExpressionBuilder<Database, 'outbox_messages'>) =>
    eb.or([
      eb.and([eb('status', '=', 'pending'), eb('next_attempt_at', '<=', claim.now)]),
      eb.and([eb('status', '=', 'sending'), eb('lease_until', '<=', claim.now)]),
    ]);
  let candidates = trx.selectFrom('outbox_messages').select('id').where(due).orderBy('next_attempt_at').orderBy('id').limit(claim.limit);
  if (locksRows(trx)) candidates = candidates.forUpdate().skipLocked();
  const ids = (await candidates.execute()).map((row) => row.id);
  if (ids.length === 0) return [];

  const claimed = await trx
    .updateTable('outbox_messages')
    .set({ status: 'sending', lease_until: claim.leaseUntil, claim_token: claim.claimToken })
    .where('id', 'in', ids)
    .where(due)
    .returningAll()
    .execute();
  return claimed.sort((a, b) => a.next_attempt_at.localeCompare(b.next_attempt_at) || a.id.localeCompare(b.id));
}

/**
 * The heartbeat of a live sender: pushes the lease of every message it still holds under `claimToken` forward, and
 * says which those are. A sender that dies stops renewing, so its mail is due for another sender as soon as the short
 * lease runs out.
 */
export async function renewOutboxClaim(executor: Executor, claimToken: string, leaseUntil: string): Promise<string[]> {
  const rows = await executor
    .updateTable('outbox_messages')
    .set({ lease_until: leaseUntil })
    .where('claim_token', '=', claimToken)
    .where('status', '=', 'sending')
    .returning('id')
    .execute();
  return rows.map((row) => row.id);
}

/** Renews one message's lease; false means the claim was lost (lease expired and taken over). */
export async function renewOutboxLease(executor: Executor, id: string, claimToken: string, leaseUntil: string): Promise<boolean> {
  return changedOne(
    executor
      .updateTable('outbox_messages')
      .set({ lease_until: leaseUntil })
      .where('id', '=', id)
      .where('claim_token', '=', claimToken)
      .where('status', '=', 'sending'),
  );
}

/** Marks messages sent that this claim still holds; returns those, so only they get their timeline entry. */
export async function markOutboxSent(
  executor: Executor,
  ids: string[],
  claimToken: string,
  sentAt: string,
): Promise<{ id: string; case_id: string | null }[]> {
  if (ids.length === 0) return [];
  return executor
    .updateTable('outbox_messages')
    .set({ status: 'sent', sent_at: sentAt, lease_until: null, claim_token: null, last_error: null })
    .where('id', 'in', ids)
    .where('claim_token', '=', claimToken)
    .where('status', '=', 'sending')
    .returning(['id', 'case_id'])
    .execute();
}

/** Records a failed attempt: back to 'pending' for a later retry, or 'dead' when retrying cannot help. */
export async function markOutboxFailed(
  executor: Executor,
  id: string,
  claimToken: string,
  outcome: { status: 'pending' | 'dead'; attempts: number; nextAttemptAt: string; lastError: string },
): Promise<boolean> {
  return changedOne(
    executor
      .updateTable('outbox_messages')
      .set({
        status: outcome.status,
        attempts: outcome.attempts,
        next_attempt_at: outcome.nextAttemptAt,
        last_error: outcome.lastError,
        lease_until: null,
        claim_token: null,
      })
      .where('id', '=', id)
      .where('claim_token', '=', claimToken)
      .where('status', '=', 'sending'),
  );
}

/** Hands claimed but untried messages back (a sender shutting down), due as before and without counting an attempt. */
export async function releaseOutboxClaims(executor: Executor, ids: string[], claimToken: string): Promise<void> {
  if (ids.length === 0) return;
  await executor
    .updateTable('outbox_messages')
    .set({ status: 'pending', lease_until: null, claim_token: null })
    .where('id', 'in', ids)
    .where('claim_token', '=', claimToken)
    .where('status', '=', 'sending')
    .execute();
}

export async function listOutboxMessages(executor: Executor, filter: { status?: OutboxStatus } & IdPage): Promise<OutboxSummaryRow[]> {
  const query = executor
    .selectFrom('outbox_messages')
    .select([
      'id',
      'kind',
      'recipient_user_id',
      'to_address',
      'language',
      'subject',
      'dedupe_key',
      'status',
      'attempts',
      'next_attempt_at',
      'lease_until',
      'last_error',
      'message_id',
      'in_reply_to',
      'references_header',
      'case_id',
      'created_at',
      'sent_at',
    ]);
  return inIdOrder(whereGiven(query, { status: filter.status }), 'id', filter, 'newest first').execute();
}

export async function findOutboxMessageByDedupeKey(executor: Executor, dedupeKey: string): Promise<OutboxMessageRow | undefined> {
  return executor.selectFrom('outbox_messages').selectAll().where('dedupe_key', '=', dedupeKey).executeTakeFirst();
}

/** Makes an unsent message due now; a sent one is never sent again, and one being sent keeps its sender. */
export async function requeueOutboxMessage(executor: Executor, id: string, now: string): Promise<boolean> {
  return changedOne(
    executor
      .updateTable('outbox_messages')
      .set({ status: 'pending', next_attempt_at: now })
      .where('id', '=', id)
      .where('status', 'in', ['pending', 'dead']),
  );
}

/** How many messages are in each status, for the admin's mail overview (statuses with none are left out). */
export async function countOutboxMessagesByStatus(executor: Executor): Promise<Partial<Record<OutboxStatus, number>>> {
  const rows = await executor
    .selectFrom('outbox_messages')
    .select((eb) => ['status', eb.fn.countAll<number | string | bigint>().as('count')])
    .groupBy('status')
    .execute();
  const counts: Partial<Record<OutboxStatus, number>> = {};
  for (const row of rows) counts[row.status as OutboxStatus] = Number(row.count);
  return counts;
}

/** A case's mail so far, oldest first: what the next mail of the case threads onto. */
export async function listCaseMailThread(
  executor: Executor,
  caseId: string,
): Promise<Pick<OutboxMessageRow, 'message_id' | 'references_header' | 'to_address'>[]> {
  return executor
    .selectFrom('outbox_messages')
    .select(['message_id', 'references_header', 'to_address'])
    .where('case_id', '=', caseId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}
