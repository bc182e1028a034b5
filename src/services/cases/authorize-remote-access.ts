import { authorizesAsCustomer, remoteAuthorizationPermission } from '../../domain/access/policies/cases.js';
import type { Actor } from '../../domain/access/permissions.js';
import { findCaseById, updateCaseRow, type CaseRow } from '../../storage/repositories/cases.js';
import type { ServiceContext } from '../context.js';
import { conflict } from '../errors.js';
import { loadCaseFor } from './case-access.js';
import { recordCaseEvent } from './case-events.js';
import { firstResponseColumns } from './first-response.js';

/**
 * Records the customer's authorisation for a remote session: given in the portal by the customer, or taken by
 * phone and recorded by staff (with who gave it).
 */
export async function authorizeRemoteAccess(
  context: ServiceContext,
  actor: Actor,
  caseId: string,
  input: { grantedBy?: string | undefined; note?: string | undefined },
): Promise<CaseRow> {
  return context.storage.transaction(async (trx) => {
    const row = await loadCaseFor(trx, actor, caseId, remoteAuthorizationPermission(actor), { forUpdate: true });
    if (row.remote_authorized_at !== null) throw conflict('errors.remoteAlreadyAuthorized', { at: row.remote_authorized_at });
    const at = context.clock.now().toISOString();
    // Staff recording it took it from the customer (by phone): a contact with the customer, so it may answer the case.
    await updateCaseRow(trx, caseId, {
      remote_authorized_at: at,
      remote_authorized_by: actor.userId,
      updated_at: at,
      ...(await firstResponseColumns(trx, actor, row, at, 'customer-contact-logged')),
    });
    await recordCaseEvent(trx, {
      caseId,
      at,
      kind: 'case.remote-authorized',
      actorUserId: actor.userId,
      visibility: 'public',
      data: { byCustomer: authorizesAsCustomer(actor), grantedBy: input.grantedBy ?? null, note: input.note ?? null },
    });
    return (await findCaseById(trx, caseId))!;
  });
}
