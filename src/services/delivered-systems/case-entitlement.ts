import { mayReadCaseEntitlement, mayReEvaluateEntitlement } from '../../domain/access/policies/entitlements.js';
import type { Actor } from '../../domain/access/permissions.js';
import { serialKey } from '../../storage/repositories/assets.js';
import { insertCaseSerials, listSerialsOfCases, updateCaseRow } from '../../storage/repositories/cases.js';
import { recordChangeBy } from '../audit.js';
import { recordCaseEvent } from '../cases/case-events.js';
import { loadCaseFor } from '../cases/case-access.js';
import { nowIso, type ServiceContext } from '../context.js';
import { decideCaseEntitlement, type CaseEntitlement } from './decide-case-entitlement.js';
import { normalizeSerial } from './product-records.js';

export interface CaseEntitlementView {
  caseId: string;
  billing: CaseEntitlement['billing'] | null;
  entitlement: CaseEntitlement | null;
}

/** Reads the entitlement stored on a case (as decided at intake or at the last re-evaluation). */
export function storedEntitlement(entitlementJson: string | null): CaseEntitlement | null {
  return entitlementJson ? (JSON.parse(entitlementJson) as CaseEntitlement) : null;
}

/**
 * Decides a case's entitlement again from today's contracts and guarantees, optionally naming more products. The
 * stored decision changes only here (never because a contract changed), and the change is on the timeline.
 */
export async function reEvaluateCaseEntitlement(
  context: ServiceContext,
  actor: Actor,
  caseId: string,
  input: { serialNumbers?: string[] | undefined; note?: string | null | undefined },
): Promise<CaseEntitlementView> {
  const at = nowIso(context);
  return context.storage.transaction(async (trx) => {
    const row = await loadCaseFor(trx, actor, caseId, mayReEvaluateEntitlement, { forUpdate: true });
    const known = (await listSerialsOfCases(trx, [caseId])).get(caseId) ?? [];
    const knownKeys = new Set(known.map(serialKey));
    const added = [
      ...new Map(
        (input.serialNumbers ?? [])
          .map(normalizeSerial)
          .filter((serial) => serial !== '' && !knownKeys.has(serialKey(serial)))
          .map((serial) => [serialKey(serial), serial]),
      ).values(),
    ];
    await insertCaseSerials(trx, caseId, added);
    const before = storedEntitlement(row.entitlement_json);
    const entitlement = await decideCaseEntitlement(trx, { organizationId: row.organization_id, serialNumbers: [...known, ...added], at });
    await updateCaseRow(trx, caseId, {
      billing: entitlement?.billing ?? null,
      entitlement_json: entitlement ? JSON.stringify(entitlement) : null,
      vendor_id: entitlement?.vendorId ?? null,
      updated_at: at,
    });
    await recordCaseEvent(trx, {
      caseId,
      at,
      kind: 'entitlement.re-evaluated',
      actorUserId: actor.userId,
      visibility: 'public',
      data: {
        before: before ? { billing: before.billing, contractNumber: before.contract?.number ?? null, decidedOn: before.decidedOn } : null,
        after: entitlement
          ? { billing: entitlement.billing, contractNumber: entitlement.contract?.number ?? null, decidedOn: entitlement.decidedOn }
          : null,
        reason: entitlement?.reason ?? null,
        addedSerialNumbers: added,
        note: input.note ?? null,
      },
    });
    await recordChangeBy(trx, actor, at, 'case.entitlement-re-evaluated', ['case', caseId], { before, after: entitlement });
    return { caseId, billing: entitlement?.billing ?? null, entitlement };
  });
}

export async function getCaseEntitlement(context: ServiceContext, actor: Actor, caseId: string): Promise<CaseEntitlementView> {
  const row = await loadCaseFor(context.storage.db, actor, caseId, mayReadCaseEntitlement);
  const entitlement = storedEntitlement(row.entitlement_json);
  return { caseId, billing: (row.billing as CaseEntitlement['billing'] | null) ?? null, entitlement };
}
