import type { Executor } from '../db.js';
import { preparedQuery } from '../prepared-query.js';
import { batchedLookup, isOneOf, listParameter, type ListParameter } from '../read-batches.js';

const settingQuery = preparedQuery<{ name: string }, { value: string }>((executor, param) =>
  executor.selectFrom('admin_settings').select('value').where('name', '=', param('name')),
);

const settingsQuery = preparedQuery<{ names: ListParameter }, { name: string; value: string }>((executor, param) =>
  executor
    .selectFrom('admin_settings')
    .select(['name', 'value'])
    .where(isOneOf(executor, 'name', param('names'))),
);

/**
 * The admin's setting of this name, or undefined while it was never set. Every intake for a contact reads the hotline
 * number for the acknowledgement, so concurrent intakes read it together.
 */
export const findAdminSetting = batchedLookup<string, string | undefined>({
  one: async (executor, name) => (await settingQuery(executor, { name }))[0]?.value,
  many: async (db, names) => {
    const values = new Map(
      (await settingsQuery(db, { names: listParameter(db, [...new Set(names)]) })).map((row) => [row.name, row.value]),
    );
    return names.map((name) => values.get(name));
  },
});

export async function saveAdminSetting(
  executor: Executor,
  setting: { name: string; value: string; updatedAt: string; updatedBy: string | null },
): Promise<void> {
  const values = { value: setting.value, updated_at: setting.updatedAt, updated_by: setting.updatedBy };
  await executor
    .insertInto('admin_settings')
    .values({ name: setting.name, ...values })
    .onConflict((oc) => oc.column('name').doUpdateSet(values))
    .execute();
}
