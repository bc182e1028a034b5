import type { Actor } from '../../domain/access/permissions.js';
import { mayChangeProblem, mayOwnProblem, mayReadProblems } from '../../domain/access/policies/problems.js';
import type { Executor } from '../../storage/db.js';
import { findOrganizationById } from '../../storage/repositories/organizations.js';
import {
  findProblemForUpdate,
  insertProblemEvent,
  listProblemOrganizations,
  listProblemProducts,
  replaceProblemOrganizations,
  replaceProblemProducts,
  type ProblemRow,
} from '../../storage/repositories/problems.js';
import { findUserById, type UserRow } from '../../storage/repositories/users.js';
import { findVendorById } from '../../storage/repositories/vendors.js';
import { newId } from '../context.js';
import { forbidden, invalid, notFound } from '../errors.js';

export type ProblemEventKind =
  | 'problem.created'
  | 'problem.updated'
  | 'problem.transitioned'
  | 'problem.action-added'
  | 'problem.action-done'
  | 'problem.action-reopened'
  | 'problem.action-overdue'
  | 'problem.case-linked'
  | 'problem.case-unlinked'
  | 'problem.article-linked'
  | 'problem.article-unlinked'
  | 'problem.article-written';

/** A problem the actor may change, locked for the transaction: one they may not read is 404, not change 403. */
export async function loadProblemToChange(executor: Executor, actor: Actor, id: string): Promise<ProblemRow> {
  if (!mayReadProblems(actor)) throw notFound('problem', id);
  const row = await findProblemForUpdate(executor, id);
  if (!row) throw notFound('problem', id);
  if (!mayChangeProblem(actor)) throw forbidden();
  return row;
}

export async function recordProblemEvent(
  executor: Executor,
  event: { problemId: string; at: string; kind: ProblemEventKind; actorUserId: string | null; data: Record<string, unknown> },
): Promise<void> {
  await insertProblemEvent(executor, {
    id: newId(),
    problem_id: event.problemId,
    at: event.at,
    kind: event.kind,
    actor_user_id: event.actorUserId,
    data_json: JSON.stringify(event.data),
  });
}

/** The owner of a problem must be an active expert or manager. */
export async function requireProblemOwner(executor: Executor, userId: string, field: string): Promise<UserRow> {
  const user = await findUserById(executor, userId);
  if (!user || !mayOwnProblem(user)) throw invalid('problemRecords.errors.ownerRole', field, { id: userId });
  return user;
}

export interface AffectedInput {
  organizationIds?: string[] | undefined;
  products?: { vendorId?: string | null | undefined; model?: string | null | undefined }[] | undefined;
}

const sameList = (a: string[], b: string[]) => JSON.stringify([...a].sort()) === JSON.stringify([...b].sort());

/**
 * Writes the affected organisations and products given (each list replaces the stored one), after checking them.
 * Answers which of the two lists changed.
 */
export async function writeAffected(
  executor: Executor,
  problemId: string,
  input: AffectedInput,
): Promise<('organizations' | 'products')[]> {
  const changed: ('organizations' | 'products')[] = [];
  if (input.organizationIds !== undefined) {
    const organizationIds = [...new Set(input.organizationIds)];
    for (const [index, id] of organizationIds.entries())
      if (!(await findOrganizationById(executor, id)))
        throw invalid('errors.unknownReference', `organizationIds.${index}`, { entity: 'organization', id });
    const stored = (await listProblemOrganizations(executor, problemId)).map((organization) => organization.id);
    if (!sameList(stored, organizationIds)) {
      await replaceProblemOrganizations(executor, problemId, organizationIds);
      changed.push('organizations');
    }
  }
  if (input.products !== undefined) {
    const rows = [];
    for (const [index, product] of input.products.entries()) {
      const vendorId = product.vendorId ?? null;
      const model = product.model?.trim() || null;
      if (!vendorId && !model) throw invalid('problemRecords.errors.productEmpty', `products.${index}`);
      if (vendorId && !(await findVendorById(executor, vendorId)))
        throw invalid('errors.unknownReference', `products.${index}.vendorId`, { entity: 'vendor', id: vendorId });
      rows.push({ id: newId(), vendor_id: vendorId, model });
    }
    const key = (product: { vendor_id: string | null; model: string | null }) => JSON.stringify([product.vendor_id, product.model]);
    if (!sameList((await listProblemProducts(executor, problemId)).map(key), rows.map(key))) {
      await replaceProblemProducts(executor, problemId, rows);
      changed.push('products');
    }
  }
  return changed;
}
