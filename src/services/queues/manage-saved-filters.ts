import type { Actor } from '../../domain/access/permissions.js';
import { MAX_SAVED_FILTERS, type QueueFilterSet } from '../../domain/cases/queue-views.js';
import { deleteSavedQueueFilter, listSavedQueueFilters, upsertSavedQueueFilter } from '../../storage/repositories/queue-preferences.js';
import { newId, type ServiceContext } from '../context.js';
import { conflict, notFound } from '../errors.js';
import type { SavedQueueFilter } from './view-queues.js';

/** Saves the user's filter under a name; a filter of the same name is replaced. Saved filters are the user's own. */
export async function saveQueueFilter(
  context: ServiceContext,
  actor: Actor,
  input: { name: string; filter: QueueFilterSet },
): Promise<SavedQueueFilter> {
  return context.storage.transaction(async (trx) => {
    const existing = await listSavedQueueFilters(trx, actor.userId);
    const replacing = existing.some((row) => row.name === input.name);
    if (!replacing && existing.length >= MAX_SAVED_FILTERS)
      throw conflict('errors.tooManySavedFilters', { max: MAX_SAVED_FILTERS }, 'name');
    const row = await upsertSavedQueueFilter(trx, {
      id: newId(),
      user_id: actor.userId,
      name: input.name,
      filter_json: JSON.stringify(input.filter),
      created_at: context.clock.now().toISOString(),
    });
    return { id: row.id, name: row.name, filter: JSON.parse(row.filter_json) as QueueFilterSet };
  });
}

/** Deletes one of the user's own saved filters; another user's filter is not found. */
export async function deleteQueueFilter(context: ServiceContext, actor: Actor, id: string): Promise<void> {
  if (!(await deleteSavedQueueFilter(context.storage.db, actor.userId, id))) throw notFound('saved filter', id);
}
