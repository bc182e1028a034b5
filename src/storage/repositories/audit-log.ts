import type { Insertable, Selectable } from 'kysely';
import type { Executor } from '../db.js';
import type { AuditLogTable } from '../schema.js';

export type AuditRow = Selectable<AuditLogTable>;

export async function appendAuditEntry(executor: Executor, row: Insertable<AuditLogTable>): Promise<void> {
  await executor.insertInto('audit_log').values(row).execute();
}

export async function listAuditEntries(
  executor: Executor,
  filter: { entityType?: string; entityId?: string; afterId?: string; limit: number },
): Promise<AuditRow[]> {
  let query = executor
    .selectFrom('audit_log')
    .selectAll()
    .orderBy('id', 'desc')
    .limit(filter.limit + 1);
  if (filter.entityType) query = query.where('entity_type', '=', filter.entityType);
  if (filter.entityId) query = query.where('entity_id', '=', filter.entityId);
  if (filter.afterId) query = query.where('id', '<', filter.afterId);
  return query.execute();
}
