import type { Selectable } from 'kysely';
import type { Executor } from '../dialect.js';
import type { SavedQueueFiltersTable } from '../schema.js';

export type SavedQueueFilterRow = Selectable<SavedQueueFiltersTable>;

/** A user's saved queue filters, by name. */
export async function listSavedQueueFilters(executor: Executor, userId: string): Promise<SavedQueueFilterRow[]> {
  return executor.selectFrom('saved_queue_filters').selectAll().where('user_id', '=', userId).orderBy('name').orderBy('id').execute();
}

/** Saves a filter under its name, replacing the user's filter of that name. */
export async function upsertSavedQueueFilter(executor: Executor, row: SavedQueueFilterRow): Promise<SavedQueueFilterRow> {
  return executor
    .insertInto('saved_queue_filters')
    .values(row)
    .onConflict((oc) => oc.columns(['user_id', 'name']).doUpdateSet({ filter_json: row.filter_json }))
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Deletes one of the user's own filters; false if the user has none of that id. */
export async function deleteSavedQueueFilter(executor: Executor, userId: string, id: string): Promise<boolean> {
  const result = await executor.deleteFrom('saved_queue_filters').where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

export async function findQueueColumns(executor: Executor, userId: string): Promise<string | undefined> {
  const row = await executor.selectFrom('queue_columns').select('columns_json').where('user_id', '=', userId).executeTakeFirst();
  return row?.columns_json;
}

export async function saveQueueColumns(executor: Executor, userId: string, columnsJson: string, at: string): Promise<void> {
  await executor
    .insertInto('queue_columns')
    .values({ user_id: userId, columns_json: columnsJson, updated_at: at })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ columns_json: columnsJson, updated_at: at }))
    .execute();
}
