import type { Actor } from '../../domain/access/permissions.js';
import { findVendorEscalation, updateVendorEscalation, type VendorEscalationRow } from '../../storage/repositories/escalations.js';
import type { ServiceContext } from '../context.js';
import { conflict } from '../errors.js';
import type { VendorEscalationStatus } from '../../domain/escalation/vendor-escalation.js';
import { loadCaseFor } from '../cases/case-access.js';
import { recordCaseEvent } from '../cases/case-events.js';

export { VENDOR_ESCALATION_STATUSES, type VendorEscalationStatus } from '../../domain/escalation/vendor-escalation.js';

export async function getVendorEscalation(context: ServiceContext, actor: Actor, caseId: string): Promise<VendorEscalationRow> {
  const row = await loadCaseFor(context.storage.db, actor, caseId, 'vendor-escalations.manage');
  const escalation = await findVendorEscalation(context.storage.db, caseId);
  if (!escalation) throw conflict('errors.noVendorEscalation', { number: row.number });
  return escalation;
}

/** Staff fill in the vendor's own case number and follow its status; each change is on the timeline. */
export async function trackVendorEscalation(
  context: ServiceContext,
  actor: Actor,
  caseId: string,
  changes: { vendorCaseNumber?: string | null | undefined; status?: VendorEscalationStatus | undefined },
): Promise<VendorEscalationRow> {
  return context.storage.transaction(async (trx) => {
    const row = await loadCaseFor(trx, actor, caseId, 'vendor-escalations.manage', { forUpdate: true });
    const before = await findVendorEscalation(trx, caseId);
    if (!before) throw conflict('errors.noVendorEscalation', { number: row.number });
    const at = context.clock.now().toISOString();
    await updateVendorEscalation(trx, caseId, {
      ...(changes.vendorCaseNumber !== undefined ? { vendor_case_number: changes.vendorCaseNumber } : {}),
      ...(changes.status !== undefined ? { status: changes.status } : {}),
      updated_at: at,
    });
    await recordCaseEvent(trx, {
      caseId,
      at,
      kind: 'vendor-escalation.updated',
      actorUserId: actor.userId,
      visibility: 'internal',
      data: { from: { vendorCaseNumber: before.vendor_case_number, status: before.status }, to: changes },
    });
    return (await findVendorEscalation(trx, caseId))!;
  });
}
