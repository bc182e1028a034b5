import type { Actor } from '../../domain/access/permissions.js';
import type { QueueColumn } from '../../domain/cases/queue-views.js';
import { saveQueueColumns } from '../../storage/repositories/queue-preferences.js';
import type { ServiceContext } from '../context.js';
import { invalid } from '../errors.js';

/** Stores the columns the user wants in their queues, in their order. The case number always stays: it is the link. */
export async function chooseQueueColumns(context: ServiceContext, actor: Actor, columns: readonly QueueColumn[]): Promise<QueueColumn[]> {
  const unique = [...new Set(columns)];
  if (!unique.includes('number')) throw invalid('errors.numberColumnRequired', 'columns');
  await saveQueueColumns(context.storage.db, actor.userId, JSON.stringify(unique), context.clock.now().toISOString());
  return unique;
}
