import { serialKey } from '../../storage/repositories/assets.js';
import {
  calendarDateOf,
  decideEntitlement,
  decideOrganizationEntitlement,
  primaryDecision,
  type Billing,
  type EntitlementDecision,
  type EntitlementReasonCode,
} from '../../domain/entitlement/entitlement.js';
import type { Executor } from '../../storage/db.js';
import { listContractsOfOrganization } from '../../storage/repositories/contracts.js';
import { loadEntitlementFacts, wholeOrganizationContracts } from './entitlement-facts.js';

/** The decision stored on a case at intake (as JSON in `cases.entitlement_json`); it never changes by itself. */
export interface CaseEntitlement extends EntitlementDecision {
  /** The contract's escalation policy; null means the default policy. */
  policyId: string | null;
  /** The contract's servicing department; null leaves it to the organisation's or the company's default. */
  departmentId: string | null;
  /** The vendor of the product that decided the billing; its support center hears the vendor report. */
  vendorId: string | null;
  /** Every product named on the case with its own billing class. */
  products: { serialNumber: string; billing: Billing; reasonCode: EntitlementReasonCode }[];
}

/**
 * Decides the billing class of a case being opened: from its products when serial numbers are given (a product of
 * another organisation counts as not on record), else from a contract covering the whole organisation, else null
 * (undecided until staff re-evaluate with a serial number).
 */
export async function decideCaseEntitlement(
  executor: Executor,
  input: { organizationId: string; serialNumbers: string[]; at: string },
): Promise<CaseEntitlement | null> {
  const on = calendarDateOf(input.at);
  if (input.serialNumbers.length === 0) {
    const decision = decideOrganizationEntitlement({
      on,
      contracts: wholeOrganizationContracts(await listContractsOfOrganization(executor, input.organizationId)),
    });
    return decision
      ? {
          ...decision,
          policyId: decision.contract?.policyId ?? null,
          departmentId: decision.contract?.departmentId ?? null,
          vendorId: null,
          products: [],
        }
      : null;
  }
  const facts = await loadEntitlementFacts(executor, input.serialNumbers);
  const decisions: { decision: EntitlementDecision; vendorId: string | null }[] = input.serialNumbers.map((serialNumber) => {
    const found = facts.get(serialKey(serialNumber));
    const ours = found && found.organizationId === input.organizationId ? found : undefined;
    return {
      decision: decideEntitlement({ on, serialNumber, product: ours?.product ?? null, contracts: ours?.contracts ?? [] }),
      vendorId: ours?.vendorId ?? null,
    };
  });
  const primary = primaryDecision(decisions.map((entry) => entry.decision))!;
  const vendorId = decisions.find((entry) => entry.decision === primary)?.vendorId ?? null;
  return {
    ...primary,
    policyId: primary.contract?.policyId ?? null,
    departmentId: primary.contract?.departmentId ?? null,
    vendorId,
    products: decisions.map(({ decision }) => ({
      serialNumber: decision.serialNumber!,
      billing: decision.billing,
      reasonCode: decision.reasonCode,
    })),
  };
}
