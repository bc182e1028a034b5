import { isUniqueViolation } from '../../storage/db.js';
import { mayReadCaseEntitlement, mayRecordExchange } from '../../domain/access/policies/entitlements.js';
import type { Actor } from '../../domain/access/permissions.js';

import {
  findAssetById,
  findAssetBySerial,
  insertAsset,
  serialKey,
  insertCaseExchange,
  listExchangesOfCase,
  updateAsset,
  type CaseExchangeRow,
} from '../../storage/repositories/assets.js';
import { insertCaseSerials, listSerialsOfCases, updateCaseRow } from '../../storage/repositories/cases.js';
import { insertContractCoverage, listCoverageOfSerial } from '../../storage/repositories/contracts.js';
import { recordChangeBy } from '../audit.js';
import { caseEventsOf } from '../cases/case-events.js';
import { loadCaseFor } from '../cases/case-access.js';
import { newId, nowIso, type ServiceContext } from '../context.js';
import { conflict, invalid } from '../errors.js';
import { checkApprover } from './approver.js';
import { assertSerialsFree, assertVendorsExist, normalizeSerial, productRow, throwSerialTaken } from './product-records.js';

export interface ExchangeInput {
  oldSerialNumber: string;
  newSerialNumber: string;
  /** The replacement's model and software when they differ from the product taken out. */
  newModel?: string | undefined;
  newVendorId?: string | undefined;
  newSoftwareVersion?: string | null | undefined;
  reason: string;
  approvedByUserId: string;
}

/**
 * Records a free exchange on a case: the failed product is taken out (kept, marked exchanged, with its history),
 * the replacement takes its place in the configuration record and under the contracts that named the old serial.
 */
export async function recordExchange(
  context: ServiceContext,
  actor: Actor,
  caseId: string,
  input: ExchangeInput,
): Promise<CaseExchangeRow> {
  const at = nowIso(context);
  const oldSerial = normalizeSerial(input.oldSerialNumber);
  const newSerial = normalizeSerial(input.newSerialNumber);
  try {
    return await context.storage.transaction(async (trx) => {
      const row = await loadCaseFor(trx, actor, caseId, mayRecordExchange, { forUpdate: true });
      const old = await findAssetBySerial(trx, oldSerial);
      if (!old || old.organization_id !== row.organization_id)
        throw invalid('errors.serialNotFound', 'oldSerialNumber', { serialNumber: oldSerial });
      if (old.status === 'exchanged') throw conflict('errors.productAlreadyExchanged', { serialNumber: oldSerial }, 'oldSerialNumber');
      await checkApprover(trx, input.approvedByUserId);
      if (input.newVendorId) await assertVendorsExist(trx, [input.newVendorId], () => 'newVendorId');
      await assertSerialsFree(trx, [newSerial], () => 'newSerialNumber');

      const replacement = productRow(
        {
          vendorId: input.newVendorId ?? old.vendor_id,
          model: input.newModel ?? old.model,
          serialNumber: newSerial,
          softwareVersion: input.newSoftwareVersion !== undefined ? input.newSoftwareVersion : old.software_version,
          site: old.site,
          notes: old.notes,
        },
        { organizationId: old.organization_id, projectId: old.project_id },
        at,
      );
      await insertAsset(trx, { ...replacement, replaces_asset_id: old.id });
      await updateAsset(trx, old.id, { status: 'exchanged', replaced_by_asset_id: replacement.id, updated_at: at });
      const carried = await listCoverageOfSerial(trx, old.serial_number);
      await insertContractCoverage(
        trx,
        carried.map((coverage) => ({ id: newId(), contract_id: coverage.contract_id, project_id: null, serial_number: newSerial })),
      );
      const onCase = (await listSerialsOfCases(trx, [caseId])).get(caseId) ?? [];
      await insertCaseSerials(
        trx,
        caseId,
        [old.serial_number, newSerial].filter((serial) => !onCase.some((named) => serialKey(named) === serialKey(serial))),
      );
      // The case names another serial number now: the case-changes feed tells the fault indexer (and open pages).
      await updateCaseRow(trx, caseId, { updated_at: at });

      const exchange: CaseExchangeRow = {
        id: newId(),
        case_id: caseId,
        old_asset_id: old.id,
        new_asset_id: replacement.id,
        old_serial_number: old.serial_number,
        new_serial_number: newSerial,
        reason: input.reason.trim(),
        approved_by_user_id: input.approvedByUserId,
        recorded_by: actor.userId,
        recorded_at: at,
      };
      await insertCaseExchange(trx, exchange);
      await caseEventsOf(
        trx,
        caseId,
        at,
        actor.userId,
      )('exchange.recorded', 'public', {
        exchangeId: exchange.id,
        oldSerialNumber: oldSerial,
        newSerialNumber: newSerial,
        model: replacement.model,
        reason: exchange.reason,
        approvedByUserId: input.approvedByUserId,
      });
      await recordChangeBy(trx, actor, at, 'asset.exchanged', ['asset', old.id], {
        before: old,
        after: { old: await findAssetById(trx, old.id), replacement: await findAssetById(trx, replacement.id as string), exchange },
      });
      return exchange;
    });
  } catch (error) {
    if (isUniqueViolation(error)) return throwSerialTaken(context.storage.db, newSerial, 'newSerialNumber');
    throw error;
  }
}

export async function listCaseExchanges(context: ServiceContext, actor: Actor, caseId: string): Promise<CaseExchangeRow[]> {
  await loadCaseFor(context.storage.db, actor, caseId, mayReadCaseEntitlement);
  return listExchangesOfCase(context.storage.db, caseId);
}
