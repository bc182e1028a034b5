import type { Executor } from '../db.js';

/** The admin's setting of this name, or undefined while it was never set. */
export async function findAdminSetting(executor: Executor, name: string): Promise<string | undefined> {
  const row = await executor.selectFrom('admin_settings').select('value').where('name', '=', name).executeTakeFirst();
  return row?.value;
}

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
