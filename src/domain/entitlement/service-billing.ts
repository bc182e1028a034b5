import type { ServiceActionType } from '../cases/response-plan.js';
import type { Billing, ContractService, EntitlementDecision } from './entitlement.js';

/**
 * Who pays for one service item (a phone support call, a remote session, an on-site visit), decided for the day the
 * work is done. The case's entitlement says whether its product was in guarantee or under a contract that day; the
 * contract's covered services then say whether this kind of work is part of it:
 *
 * - in guarantee → free, whatever the kind of work;
 * - under a contract that lists the item's service → covered by the contract;
 * - under a contract that does not list it (an on-site visit under a hotline-and-remote contract) → chargeable,
 *   flagged as work outside the contract;
 * - neither guarantee nor contract, or nothing decided → chargeable at cost.
 */

/** The contract service each kind of service action draws on. */
export const CONTRACT_SERVICE_OF_ACTION: Readonly<Record<ServiceActionType, ContractService>> = Object.freeze({
  phone: 'hotline',
  remote: 'remote',
  onsite: 'onsite',
});

export type ServiceItemBillingReason = 'in-guarantee' | 'covered-by-contract' | 'outside-contract' | 'not-covered';

export interface ServiceItemBilling {
  billing: Billing;
  reasonCode: ServiceItemBillingReason;
  /** The contract service the item draws on. */
  service: ContractService;
  /** The calendar day (`YYYY-MM-DD`) of the work the decision was made for. */
  decidedOn: string;
  /** The contract in force that day, if any, and the services it covers. */
  contractNumber: string | null;
  contractServices: ContractService[];
}

/** True for work a contract was in force for but does not cover: it is billed, and the case says so. */
export function isOutsideContract(billing: Pick<ServiceItemBilling, 'reasonCode'>): boolean {
  return billing.reasonCode === 'outside-contract';
}

export function billServiceItem(input: {
  type: ServiceActionType;
  on: string;
  /** The case's entitlement decided for `on`; null when no product or contract decides it. */
  entitlement: Pick<EntitlementDecision, 'billing' | 'contract'> | null;
}): ServiceItemBilling {
  const service = CONTRACT_SERVICE_OF_ACTION[input.type];
  const contract = input.entitlement?.contract ?? null;
  const base = {
    service,
    decidedOn: input.on,
    contractNumber: contract?.number ?? null,
    contractServices: contract ? [...contract.services] : [],
  };
  if (input.entitlement?.billing === 'guarantee') return { ...base, billing: 'guarantee', reasonCode: 'in-guarantee' };
  if (contract && input.entitlement?.billing === 'contract') {
    return contract.services.includes(service)
      ? { ...base, billing: 'contract', reasonCode: 'covered-by-contract' }
      : { ...base, billing: 'chargeable', reasonCode: 'outside-contract' };
  }
  return { ...base, billing: 'chargeable', reasonCode: 'not-covered' };
}
