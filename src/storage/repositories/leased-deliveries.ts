import type { Kysely } from 'kysely';
import { changedOne } from '../changed-one.js';
import { locksRows, type Executor } from '../dialect.js';
import type { ChatDeliveriesTable, LeasedDeliveryColumns } from '../schema.js';

/**
 * The two outboxes of outgoing HTTP posts — webhook deliveries and chat deliveries — share one shape: a pending row is
 * due at `next_attempt_at`, a sender claims it under a lease (`claim_token`, `claimed_until`), and it belongs to an
 * owner (a subscription, a chat target) that can be switched off. Claiming, handing back, "anything due?" and
 * settling an attempt are the same for both, so they live here once; the rest (what a delivery carries, the attempt's
 * details each keeps) stays with each outbox.
 */
const DELIVERY_OWNERS = {
  webhook_deliveries: { column: 'subscription_id', table: 'webhook_subscriptions' },
  chat_deliveries: { column: 'target_id', table: 'chat_targets' },
} as const;

export type DeliveryTable = keyof typeof DELIVERY_OWNERS;

interface DeliveryOwnerColumns {
  id: string;
  enabled: number;
}
type LeasedDeliveryDatabase = Record<DeliveryTable, LeasedDeliveryColumns> &
  Record<(typeof DELIVERY_OWNERS)[DeliveryTable]['table'], DeliveryOwnerColumns>;

/**
 * The executor seen through the columns the delivery tables share (`LeasedDeliveryColumns`, which both tables' row
 * types extend; each has more, touched only by its own outbox with what `settleDelivery` is given).
 */
const shared = (executor: Executor) => executor as unknown as Kysely<LeasedDeliveryDatabase>;

export interface DeliveryClaim {
  now: string;
  leaseUntil: string;
  claimToken: string;
  limit: number;
}

/**
 * Claims up to `limit` due deliveries of enabled owners for one sender until `leaseUntil`: pending ones whose time has
 * come and whose last claim (a sender that died mid-send) has run out. Inside a transaction; SKIP LOCKED on
 * PostgreSQL, and the conditional update re-checks, so two senders never hold the same delivery. Returns the ids this
 * call claimed.
 */
export async function claimDueDeliveries(trx: Executor, table: DeliveryTable, claim: DeliveryClaim): Promise<string[]> {
  const db = shared(trx);
  const owner = DELIVERY_OWNERS[table];
  let candidates = db
    .selectFrom(table)
    .select('id')
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', claim.now)
    .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<=', claim.now)]))
    .where(db.dynamic.ref(owner.column), 'in', db.selectFrom(owner.table).select('id').where('enabled', '=', 1))
    .orderBy('next_attempt_at')
    .orderBy('id')
    .limit(claim.limit);
  if (locksRows(trx)) candidates = candidates.forUpdate().skipLocked();
  const ids = (await candidates.execute()).map((row) => row.id);
  if (ids.length === 0) return [];
  const claimed = await db
    .updateTable(table)
    .set({ claim_token: claim.claimToken, claimed_until: claim.leaseUntil })
    .where('id', 'in', ids)
    .where('status', '=', 'pending')
    .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<=', claim.now)]))
    .returning('id')
    .execute();
  return claimed.map((row) => row.id);
}

/** Hands back claimed deliveries that were not tried (shutdown), so another sender takes them at once. */
export async function releaseDeliveryClaims(executor: Executor, table: DeliveryTable, ids: string[], claimToken: string): Promise<void> {
  if (ids.length === 0) return;
  await shared(executor)
    .updateTable(table)
    .set({ claim_token: null, claimed_until: null })
    .where('id', 'in', ids)
    .where('claim_token', '=', claimToken)
    .execute();
}

/** Whether anything is due; one read, so an idle sender takes no write lock (SQLite has one writer). */
export async function deliveriesDue(executor: Executor, table: DeliveryTable, now: string): Promise<boolean> {
  const due = await shared(executor)
    .selectFrom(table)
    .select('id')
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', now)
    .limit(1)
    .executeTakeFirst();
  return due !== undefined;
}

/** What one attempt of a delivery came to, as both outboxes record it. */
export interface DeliveryAttempt {
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  nextAttemptAt: string;
  attemptedAt: string;
  deliveredAt: string | null;
}

/** The columns of its own an outbox records with an attempt: the chat outbox keeps the last error on the delivery. */
interface OwnAttemptColumns {
  webhook_deliveries: Record<never, never>;
  chat_deliveries: Pick<ChatDeliveriesTable, 'last_error'>;
}

/**
 * Writes an attempt's outcome where the claim is still this sender's; false when it is not (the lease ran out and
 * another sender took the delivery over), so the caller records nothing more. Either way the claim ends.
 */
export async function settleDelivery<T extends DeliveryTable>(
  trx: Executor,
  table: T,
  id: string,
  claimToken: string,
  attempt: DeliveryAttempt,
  own: OwnAttemptColumns[T],
): Promise<boolean> {
  const outbox: DeliveryTable = table;
  return changedOne(
    shared(trx)
      .updateTable(outbox)
      .set({
        ...own,
        status: attempt.status,
        attempts: attempt.attempts,
        next_attempt_at: attempt.nextAttemptAt,
        last_attempt_at: attempt.attemptedAt,
        delivered_at: attempt.deliveredAt,
        claim_token: null,
        claimed_until: null,
      })
      .where('id', '=', id)
      .where('claim_token', '=', claimToken),
  );
}
