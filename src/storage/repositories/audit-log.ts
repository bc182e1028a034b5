import { sql, type Insertable, type Selectable } from 'kysely';
import type { Executor } from '../db.js';
import type { AuditLogTable } from '../schema.js';

export type AuditRow = Selectable<AuditLogTable>;

export async function appendAuditEntry(executor: Executor, row: Insertable<AuditLogTable>): Promise<void> {
  await executor.insertInto('audit_log').values(row).execute();
}

export interface AuditFilter {
  entityType?: string;
  entityId?: string;
  actorUserId?: string;
  /** ISO instants: from inclusive, to exclusive. */
  from?: string;
  to?: string;
  /** Found in the action, the entity's type or id, the before and after values or the client address, whatever the letter case. */
  text?: string;
  afterId?: string;
  limit: number;
}

/** `%` and `_` typed by the user are letters, not wildcards. */
function containsPattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
}

export async function listAuditEntries(executor: Executor, filter: AuditFilter): Promise<AuditRow[]> {
  let query = executor
    .selectFrom('audit_log')
    .selectAll()
    .orderBy('id', 'desc')
    .limit(filter.limit + 1);
  if (filter.entityType) query = query.where('entity_type', '=', filter.entityType);
  if (filter.entityId) query = query.where('entity_id', '=', filter.entityId);
  if (filter.actorUserId) query = query.where('actor_user_id', '=', filter.actorUserId);
  if (filter.from) query = query.where('at', '>=', filter.from);
  if (filter.to) query = query.where('at', '<', filter.to);
  if (filter.text) {
    const pattern = containsPattern(filter.text);
    query = query.where((eb) =>
      eb.or(
        (['action', 'entity_type', 'entity_id', 'before_json', 'after_json', 'client_address'] as const).map((column) =>
          eb(eb.fn<string>('lower', [eb.ref(column)]), 'like', sql<string>`${pattern} escape '\\'`),
        ),
      ),
    );
  }
  if (filter.afterId) query = query.where('id', '<', filter.afterId);
  return query.execute();
}

/** Every kind of record the log has entries for, to filter by. */
export async function listAuditEntityTypes(executor: Executor): Promise<string[]> {
  const rows = await executor.selectFrom('audit_log').select('entity_type').distinct().orderBy('entity_type').execute();
  return rows.map((row) => row.entity_type);
}
