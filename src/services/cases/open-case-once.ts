import { createHash } from 'node:crypto';
import type { Actor } from '../../domain/access/permissions.js';
import { isUniqueViolation } from '../../storage/db.js';
import type { CaseListRow } from '../../storage/repositories/cases.js';
import {
  claimIdempotencyKeyAcrossInstances,
  deleteExpiredIdempotencyKeys,
  findIdempotencyKey,
  insertIdempotencyKey,
  recordIdempotentResponse,
  type IdempotencyKeyRow,
} from '../../storage/repositories/idempotency-keys.js';
import type { ServiceContext } from '../context.js';
import { conflict, unprocessable } from '../errors.js';
import { namingUnknownReferences, prepareCaseOpening, writeCaseOpening, type IntakeActor, type OpenCaseInput } from './open-case.js';

/** How long a key is remembered: a client retries within seconds or minutes; a day leaves room for a long outage. */
export const IDEMPOTENCY_KEY_LIFETIME_MS = 24 * 3_600_000;

const OPERATION = 'cases.create';
const HEADER = 'idempotency-key';

export type OpenedOnce =
  | { kind: 'opened'; row: CaseListRow }
  /** The key was used before: the case it opened, and the answer given then if it was recorded. */
  | { kind: 'repeated'; caseId: string; status: number | null; body: unknown };

/** Requests of this instance whose key is in use right now; other instances are kept out by the database. */
const inFlight = new Set<string>();

/**
 * Opens a case at most once per idempotency key of a caller (the user, whichever session or API token they use), so a
 * client that lost the answer in a crash can send the request again: the same key and the same body answer the case
 * opened the first time. The key is stored in the transaction that writes the case, under a unique constraint, so
 * only one request per key can ever commit a case, on any number of instances. The same key with another body is
 * refused (422), and so is a second request while the first is still running (409).
 */
export async function openCaseOnce(context: ServiceContext, actor: IntakeActor, input: OpenCaseInput, key: string): Promise<OpenedOnce> {
  const requestHash = fingerprint(input);
  const slot = `${actor.userId}\u0000${key}`;
  if (inFlight.has(slot)) throw conflict('errors.idempotencyKeyInFlight', {}, HEADER);
  inFlight.add(slot);
  try {
    const now = context.clock.now();
    // Most retries find their key stored already; they need no write transaction.
    const earlier = await findIdempotencyKey(context.storage.db, actor.userId, key);
    if (earlier && earlier.expires_at > now.toISOString()) return repeated(earlier, requestHash);
    // Checked and planned exactly as without a key; only the write differs, in the transaction that stores the key.
    const opening = await prepareCaseOpening(context, actor, input);
    return await namingUnknownReferences(context, input, () =>
      context.storage.transaction(async (trx) => {
        if (!(await claimIdempotencyKeyAcrossInstances(trx, actor.userId, key)))
          throw conflict('errors.idempotencyKeyInFlight', {}, HEADER);
        const stored = await findIdempotencyKey(trx, actor.userId, key);
        if (stored && stored.expires_at > now.toISOString()) return repeated(stored, requestHash);
        if (stored) await deleteExpiredIdempotencyKeys(trx, now.toISOString(), { callerId: actor.userId, key });
        const row = await writeCaseOpening(trx, context, opening);
        const remembered = insertIdempotencyKey(trx, {
          caller_id: actor.userId,
          key,
          operation: OPERATION,
          request_hash: requestHash,
          resource_id: row.id,
          response_status: null,
          response_json: null,
          created_at: now.toISOString(),
          expires_at: new Date(now.getTime() + IDEMPOTENCY_KEY_LIFETIME_MS).toISOString(),
        });
        await remembered.catch((error: unknown) => {
          // The last guard: the same key committed by a request that was running beside this one. Rolls the case back.
          throw isUniqueViolation(error) ? conflict('errors.idempotencyKeyInFlight', {}, HEADER) : error;
        });
        return { kind: 'opened' as const, row };
      }),
    );
  } finally {
    inFlight.delete(slot);
  }
}

/** Keeps the answer given to the first request, so a repeat gets exactly that answer. */
export async function rememberAnswer(context: ServiceContext, actor: Actor, key: string, status: number, body: unknown): Promise<void> {
  await recordIdempotentResponse(context.storage.db, actor.userId, key, status, JSON.stringify(body));
}

/** Forgets keys past their lifetime; every instance runs it now and then. */
export async function forgetExpiredIdempotencyKeys(context: ServiceContext): Promise<number> {
  return deleteExpiredIdempotencyKeys(context.storage.db, context.clock.now().toISOString());
}

function repeated(stored: IdempotencyKeyRow, requestHash: string): OpenedOnce {
  if (stored.operation !== OPERATION || stored.request_hash !== requestHash) throw unprocessable('errors.idempotencyKeyReused', {}, HEADER);
  return {
    kind: 'repeated',
    caseId: stored.resource_id,
    status: stored.response_status,
    body: stored.response_json === null ? null : (JSON.parse(stored.response_json) as unknown),
  };
}

/** The same request is the same input, whatever the order of its fields. */
function fingerprint(input: OpenCaseInput): string {
  return createHash('sha256')
    .update(`${OPERATION}\n${canonicalJson(input)}`)
    .digest('base64url');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([name, item]) => `${JSON.stringify(name)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
