import { listAuditEntityTypes, listAuditEntries, type AuditFilter } from '../../storage/repositories/audit-log.js';
import { toPage, type Page } from '../../storage/repositories/pagination.js';
import type { ServiceContext } from '../context.js';
import { cursorId } from '../people/manage-users.js';
import type { Actor } from '../../domain/access/permissions.js';
import { mayReadAuditLog } from '../../domain/access/policies/audit-log.js';
import { forbidden } from '../errors.js';

export interface AuditEntry {
  id: string;
  at: string;
  actorUserId: string | null;
  action: string;
  entityType: string;
  entityId: string;
  before: unknown;
  after: unknown;
  /** Where the request that made the change came from; null for jobs, the command line and older entries. */
  clientAddress: string | null;
}

/** What the audit log is filtered by: the page's filters, shared by its list and its CSV. */
export interface AuditLogFilter {
  entityType?: string | undefined;
  entityId?: string | undefined;
  actorUserId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  q?: string | undefined;
}

export async function listAuditLog(
  context: ServiceContext,
  actor: Actor,
  query: AuditLogFilter & { cursor?: string | undefined; limit: number },
): Promise<Page<AuditEntry>> {
  if (!mayReadAuditLog(actor)) throw forbidden();
  const afterId = cursorId(query.cursor);
  const filter: AuditFilter = { limit: query.limit };
  if (query.entityType) filter.entityType = query.entityType;
  if (query.entityId) filter.entityId = query.entityId;
  if (query.actorUserId) filter.actorUserId = query.actorUserId;
  if (query.from) filter.from = new Date(query.from).toISOString();
  if (query.to) filter.to = new Date(query.to).toISOString();
  if (query.q?.trim()) filter.text = query.q.trim();
  if (afterId) filter.afterId = afterId;
  const rows = await listAuditEntries(context.storage.db, filter);
  return toPage(
    rows,
    query.limit,
    (row) => ({
      id: row.id,
      at: row.at,
      actorUserId: row.actor_user_id,
      action: row.action,
      entityType: row.entity_type,
      entityId: row.entity_id,
      before: row.before_json === null ? null : (JSON.parse(row.before_json) as unknown),
      after: row.after_json === null ? null : (JSON.parse(row.after_json) as unknown),
      clientAddress: row.client_address,
    }),
    (row) => [row.id],
  );
}

/** The kinds of record the log holds entries for (case, user, contract, …), for the filter. */
export async function listAuditLogEntityTypes(context: ServiceContext, actor: Actor): Promise<string[]> {
  if (!mayReadAuditLog(actor)) throw forbidden();
  return listAuditEntityTypes(context.storage.db);
}
