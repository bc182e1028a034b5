import type { Executor } from '../storage/db.js';
import { appendAuditEntry } from '../storage/repositories/audit-log.js';
import { newId } from './context.js';
import { currentClientAddress } from './request-origin.js';

/**
 * Every change is written to the append-only audit log inside the transaction that makes it, with the address of the
 * client whose request made it (none for jobs and the command line: `request-origin.ts`).
 */
export async function recordChange(
  executor: Executor,
  entry: {
    at: string;
    actorUserId: string | null;
    action: string;
    entityType: string;
    entityId: string;
    before?: unknown;
    after?: unknown;
  },
): Promise<void> {
  await appendAuditEntry(executor, {
    id: newId(),
    at: entry.at,
    actor_user_id: entry.actorUserId,
    action: entry.action,
    entity_type: entry.entityType,
    entity_id: entry.entityId,
    before_json: entry.before === undefined ? null : JSON.stringify(redact(entry.before)),
    after_json: entry.after === undefined ? null : JSON.stringify(redact(entry.after)),
    client_address: currentClientAddress(),
  });
}

const SECRET_KEYS = new Set(['passwordHash', 'password_hash', 'password', 'tokenHash', 'token_hash', 'csrfToken']);

function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>)
      .filter(([key]) => !SECRET_KEYS.has(key))
      .map(([key, inner]) => [key, redact(inner)]),
  );
}
