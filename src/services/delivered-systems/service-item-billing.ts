import type { ServiceActionType } from '../../domain/cases/response-plan.js';
import { calendarDateOf } from '../../domain/entitlement/entitlement.js';
import { billServiceItem, type ServiceItemBilling } from '../../domain/entitlement/service-billing.js';
import type { Executor } from '../../storage/db.js';
import { listSerialsOfCases, type CaseRow } from '../../storage/repositories/cases.js';
import { decideCaseEntitlement } from './decide-case-entitlement.js';

/**
 * The billing columns of a service action on a case, decided from the guarantees and contracts in force on the day
 * of the work (not on the day the case was logged: a contract may have started or lapsed since).
 */
export async function serviceItemBillingColumns(
  executor: Executor,
  row: Pick<CaseRow, 'id' | 'organization_id'>,
  type: ServiceActionType,
  workAt: string,
): Promise<{ billing: string; billing_json: string; decision: ServiceItemBilling }> {
  const serialNumbers = (await listSerialsOfCases(executor, [row.id])).get(row.id) ?? [];
  const entitlement = await decideCaseEntitlement(executor, { organizationId: row.organization_id, serialNumbers, at: workAt });
  const decision = billServiceItem({ type, on: calendarDateOf(workAt), entitlement });
  return { billing: decision.billing, billing_json: JSON.stringify(decision), decision };
}

/** Reads a stored decision; null for items recorded before billing was decided per item. */
export function storedServiceItemBilling(billingJson: string | null): ServiceItemBilling | null {
  return billingJson ? (JSON.parse(billingJson) as ServiceItemBilling) : null;
}
