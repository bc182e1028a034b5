import type { Page } from '../../storage/repositories/pagination.js';
import { listOutboxMessages, requeueOutboxMessage, type OutboxStatus, type OutboxSummaryRow } from '../../storage/repositories/outbox.js';
import type { Actor } from '../../domain/access/permissions.js';
import { recordChangeBy } from '../audit.js';
import { pageById } from '../paging.js';
import type { ServiceContext } from '../context.js';
import { forbidden, notFound } from '../errors.js';
import { mayReadOutbox, mayRetryOutboxMessage } from '../../domain/access/policies/notifications.js';

/** What admins see of outgoing mail: what is waiting, what went, what failed and why. Bodies stay out of the list. */
export async function listOutbox(
  context: ServiceContext,
  actor: Actor,
  query: { status?: OutboxStatus | undefined; cursor?: string | undefined; limit: number },
): Promise<Page<OutboxSummaryRow>> {
  if (!mayReadOutbox(actor)) throw forbidden();
  return pageById(query, (page) => listOutboxMessages(context.storage.db, { status: query.status, ...page }));
}

/** Sends a dead (or waiting) message again at the next outbox tick, e.g. after an admin fixed the address or relay. */
export async function retryOutboxMessage(context: ServiceContext, actor: Actor, id: string): Promise<void> {
  if (!mayRetryOutboxMessage(actor)) throw forbidden();
  const at = context.clock.now().toISOString();
  await context.storage.transaction(async (trx) => {
    if (!(await requeueOutboxMessage(trx, id, at))) throw notFound('outbox message', id);
    await recordChangeBy(trx, actor, at, 'outbox.retried', ['outbox-message', id]);
  });
}
