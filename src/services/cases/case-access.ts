import { can, type Actor, type Permission } from '../../domain/access/permissions.js';
import { caseAbilities, mayReadCase, transitionsFor, type CaseAbilities } from '../../domain/access/policies/cases.js';
import type { CaseStatus } from '../../domain/cases/case-lifecycle.js';
import type { Executor } from '../../storage/db.js';
import { findCaseById, findCaseForUpdate, type CaseRow } from '../../storage/repositories/cases.js';
import { forbidden, notFound } from '../errors.js';

/** A record-level decision of a policy about something that belongs to a case (its entitlement, service record, …). */
export type CasePolicyCheck = (actor: Actor, record: { organizationId: string }) => boolean;

/**
 * Loads a case the actor may act on. A case of another organisation does not exist for a customer (404); a staff
 * role without the permission (or whom the named policy refuses) gets 403. `forUpdate` (inside a transaction that
 * changes the case) makes concurrent changes of one case take turns.
 */
export async function loadCaseFor(
  executor: Executor,
  actor: Actor,
  id: string,
  permission: Permission | CasePolicyCheck,
  options: { forUpdate?: boolean } = {},
): Promise<CaseRow> {
  const row = options.forUpdate ? await findCaseForUpdate(executor, id) : await findCaseById(executor, id);
  if (!row) throw notFound('case', id);
  const record = { organizationId: row.organization_id };
  if (!mayReadCase(actor, record)) throw notFound('case', id);
  const allowed = typeof permission === 'function' ? permission(actor, record) : can(actor, permission, record);
  if (!allowed) throw forbidden();
  return row;
}

/** What this actor may do with this case, sent with it so the web app offers only what the server would accept. */
export function abilitiesOn(
  actor: Actor,
  row: Pick<CaseRow, 'organization_id' | 'status'>,
): { can: CaseAbilities; allowedTransitions: CaseStatus[] } {
  const record = { organizationId: row.organization_id, status: row.status };
  return { can: caseAbilities(actor, record), allowedTransitions: transitionsFor(actor, record) };
}
