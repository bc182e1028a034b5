import type { Actor } from '../../domain/access/permissions.js';
import { mayCreateProblem } from '../../domain/access/policies/problems.js';
import type { Executor } from '../../storage/db.js';
import { insertProblem } from '../../storage/repositories/problems.js';
import { queueProblemCreated } from '../webhooks/webhook-outbox.js';
import { recordChangeBy } from '../audit.js';
import { newId, type ServiceContext } from '../context.js';
import { forbidden } from '../errors.js';
import { caseToLink, linkCaseIn } from './link-case.js';
import { recordProblemEvent, requireProblemOwner, writeAffected, type AffectedInput } from './problem-access.js';

export interface CreateProblemInput extends AffectedInput {
  title: string;
  description: string;
  ownerId: string;
  rootCause?: string | null | undefined;
  workaround?: string | null | undefined;
  /** "Open a problem from this case": the case is linked, and its customer is among the affected ones. */
  fromCaseId?: string | null | undefined;
}

const textOrNull = (value: string | null | undefined) => value?.trim() || null;

/** Opens a problem record, owned by an expert or a manager; opened from a case, it starts with that case linked. */
export async function createProblem(context: ServiceContext, actor: Actor, input: CreateProblemInput): Promise<{ id: string }> {
  if (!mayCreateProblem(actor)) throw forbidden();
  return context.storage.transaction((trx) => createProblemIn(trx, context, actor, input));
}

/**
 * Opens a problem in the caller's transaction (accepting a proposal opens one with it). `origin` is added to the
 * creation entry of the timeline, which says where the problem came from.
 */
export async function createProblemIn(
  trx: Executor,
  context: ServiceContext,
  actor: Actor,
  input: CreateProblemInput,
  origin: Record<string, unknown> = {},
): Promise<{ id: string }> {
  await requireProblemOwner(trx, input.ownerId, 'ownerId');
  const fromCase = input.fromCaseId ? await caseToLink(trx, actor, input.fromCaseId, 'fromCaseId') : null;
  const at = context.clock.now().toISOString();
  const id = newId();
  const row = {
    id,
    title: input.title.trim(),
    description: input.description.trim(),
    status: 'open' as const,
    owner_user_id: input.ownerId,
    root_cause: textOrNull(input.rootCause),
    workaround: textOrNull(input.workaround),
    created_by: actor.userId,
    created_at: at,
    updated_at: at,
    resolved_at: null,
    closed_at: null,
  };
  await insertProblem(trx, row);
  const organizationIds =
    fromCase && !(input.organizationIds ?? []).includes(fromCase.organization_id)
      ? [...(input.organizationIds ?? []), fromCase.organization_id]
      : input.organizationIds;
  await writeAffected(trx, id, { organizationIds, products: input.products });
  const created = { title: row.title, fromCaseId: fromCase?.id ?? null, fromCaseNumber: fromCase?.number ?? null, ...origin };
  await recordProblemEvent(trx, { problemId: id, at, kind: 'problem.created', actorUserId: actor.userId, data: created });
  // Webhooks hear of it from the same transaction: committed together, or not at all.
  await queueProblemCreated(trx, { id, createdAt: at, createdBy: actor.userId, data: created });
  if (fromCase) await linkCaseIn(trx, actor, id, fromCase, at);
  // The status of a new problem is always `open`: the entry says what was opened and by whom.
  await recordChangeBy(trx, actor, at, 'problem.created', ['problem', id], { after: { ...row, status: undefined } });
  return { id };
}

export { textOrNull };
