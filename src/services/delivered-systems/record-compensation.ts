import { mayReadCaseEntitlement, mayRecordCompensation } from '../../domain/access/policies/entitlements.js';
import type { Actor } from '../../domain/access/permissions.js';
import { insertCaseCompensation, listCompensationsOfCase, type CaseCompensationRow } from '../../storage/repositories/assets.js';
import { findContractById } from '../../storage/repositories/contracts.js';
import { recordChangeBy } from '../audit.js';
import { caseEventsOf } from '../cases/case-events.js';
import { loadCaseFor } from '../cases/case-access.js';
import { newId, nowIso, type ServiceContext } from '../context.js';
import { invalid } from '../errors.js';
import { checkApprover } from './approver.js';
import { storedEntitlement } from './case-entitlement.js';

export interface CompensationInput {
  description: string;
  /** In minor units (cents, fen); absent when the compensation is not money (a free service day, a spare). */
  amountMinor?: number | null | undefined;
  currency?: string | null | undefined;
  /** The contract it is due under; the case's contract when not given. */
  contractId?: string | null | undefined;
  approvedByUserId: string;
}

/** Records compensation due to the customer under the contract, with the manager who approved it. */
export async function recordCompensation(
  context: ServiceContext,
  actor: Actor,
  caseId: string,
  input: CompensationInput,
): Promise<CaseCompensationRow> {
  const at = nowIso(context);
  return context.storage.transaction(async (trx) => {
    const row = await loadCaseFor(trx, actor, caseId, mayRecordCompensation, { forUpdate: true });
    await checkApprover(trx, input.approvedByUserId);
    const contractId = input.contractId ?? storedEntitlement(row.entitlement_json)?.contract?.id ?? null;
    if (contractId) {
      const contract = await findContractById(trx, contractId);
      if (!contract) throw invalid('errors.unknownReference', 'contractId', { entity: 'contract', id: contractId });
      if (contract.organization_id !== row.organization_id)
        throw invalid('errors.notOfOrganization', 'contractId', { entity: 'contract', id: contractId });
    }
    const compensation: CaseCompensationRow = {
      id: newId(),
      case_id: caseId,
      contract_id: contractId,
      description: input.description.trim(),
      amount_minor: input.amountMinor ?? null,
      currency: input.amountMinor != null ? (input.currency?.toUpperCase() ?? null) : null,
      approved_by_user_id: input.approvedByUserId,
      recorded_by: actor.userId,
      recorded_at: at,
    };
    await insertCaseCompensation(trx, compensation);
    await caseEventsOf(
      trx,
      caseId,
      at,
      actor.userId,
    )('compensation.recorded', 'public', {
      compensationId: compensation.id,
      description: compensation.description,
      amountMinor: compensation.amount_minor,
      currency: compensation.currency,
      contractId,
      approvedByUserId: input.approvedByUserId,
    });
    await recordChangeBy(trx, actor, at, 'case.compensation-recorded', ['case', caseId], { after: compensation });
    return compensation;
  });
}

export async function listCaseCompensations(context: ServiceContext, actor: Actor, caseId: string): Promise<CaseCompensationRow[]> {
  await loadCaseFor(context.storage.db, actor, caseId, mayReadCaseEntitlement);
  return (await listCompensationsOfCase(context.storage.db, caseId)).map((row) => ({
    ...row,
    amount_minor: row.amount_minor === null ? null : Number(row.amount_minor),
  }));
}
