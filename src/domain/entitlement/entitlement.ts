/**
 * Who pays for a service (SPEC §4): a product in its guarantee period is served free, a product covered by a
 * service contract is served under that contract, anything else is chargeable at cost. Dates are calendar days
 * (`YYYY-MM-DD`); a guarantee or contract period includes its first and its last day.
 */

export const BILLING_CLASSES = ['guarantee', 'contract', 'chargeable'] as const;
export type Billing = (typeof BILLING_CLASSES)[number];

export const CONTRACT_SERVICES = ['hotline', 'remote', 'onsite', 'training', 'yearly-check'] as const;
export type ContractService = (typeof CONTRACT_SERVICES)[number];

/** How closely a contract names the product: by serial, through its project, or the whole organisation. */
export type CoverageKind = 'product' | 'project' | 'organization';

export type EntitlementReasonCode =
  | 'in-guarantee'
  | 'under-contract'
  | 'guarantee-ended'
  | 'contract-not-started'
  | 'contract-ended'
  | 'no-contract'
  | 'unknown-product'
  | 'product-retired'
  | 'no-product-named';

export interface ProductFacts {
  serialNumber: string;
  guaranteeEndsAt: string | null;
  /** Taken out of service by the customer (not exchanged): neither guarantee nor contract serves it any more. */
  retired?: boolean;
}

export interface ContractSummary {
  id: string;
  number: string;
  startsAt: string;
  endsAt: string;
  services: ContractService[];
  policyId: string | null;
  /** The department that services the contract's cases; null leaves it to the organisation's or the company's default. */
  departmentId: string | null;
}

export interface ContractFacts extends ContractSummary {
  coverage: CoverageKind;
}

export interface EntitlementDecision {
  billing: Billing;
  /** The calendar day the decision was made for. */
  decidedOn: string;
  serialNumber: string | null;
  guaranteeEndsAt: string | null;
  /** The contract that covers the product on that day (also while in guarantee, for its services and policy). */
  contract: ContractSummary | null;
  reasonCode: EntitlementReasonCode;
  /** The decision in one English sentence with the dates that decided it; `reasonCode` lets a UI translate it. */
  reason: string;
}

const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

export function isCalendarDate(value: string): boolean {
  if (!DATE_PATTERN.test(value)) return false;
  const parsed = new Date(`${value}T00:00:00.000Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value;
}

/** The calendar day (UTC) of an instant; entitlement is decided per day, never per hour. */
export function calendarDateOf(instant: string | Date): string {
  return new Date(instant).toISOString().slice(0, 10);
}

const COVERAGE_RANK: Record<CoverageKind, number> = { product: 0, project: 1, organization: 2 };

/**
 * Among contracts in force on one day, the one that applies: the one naming the product most closely (its serial,
 * then its project, then the whole organisation), then the one signed to start most recently (the newer agreement
 * supersedes), then the lowest number — so overlapping contracts always give the same answer.
 */
export function chooseContract(contracts: readonly ContractFacts[], on: string): ContractFacts | null {
  const inForce = contracts.filter((contract) => contract.startsAt <= on && on <= contract.endsAt);
  if (inForce.length === 0) return null;
  return [...inForce].sort(
    (a, b) =>
      COVERAGE_RANK[a.coverage] - COVERAGE_RANK[b.coverage] ||
      (a.startsAt === b.startsAt ? 0 : a.startsAt > b.startsAt ? -1 : 1) ||
      (a.number === b.number ? 0 : a.number < b.number ? -1 : 1),
  )[0]!;
}

function summarize(contract: ContractFacts): ContractSummary {
  return {
    id: contract.id,
    number: contract.number,
    startsAt: contract.startsAt,
    endsAt: contract.endsAt,
    services: contract.services,
    policyId: contract.policyId,
    departmentId: contract.departmentId,
  };
}

/** Why no contract covers the product today: the next one to start, else the last one that ended. */
function contractGap(contracts: readonly ContractFacts[], on: string): { code: EntitlementReasonCode; text: string } {
  const upcoming = contracts
    .filter((contract) => contract.startsAt > on)
    .sort((a, b) => (a.startsAt < b.startsAt ? -1 : a.startsAt > b.startsAt ? 1 : 0))[0];
  if (upcoming) return { code: 'contract-not-started', text: `contract ${upcoming.number} starts on ${upcoming.startsAt}` };
  const ended = contracts
    .filter((contract) => contract.endsAt < on)
    .sort((a, b) => (a.endsAt > b.endsAt ? -1 : a.endsAt < b.endsAt ? 1 : 0))[0];
  if (ended) return { code: 'contract-ended', text: `contract ${ended.number} ended on ${ended.endsAt}` };
  return { code: 'no-contract', text: 'no service contract covers it' };
}

/**
 * The entitlement of one product on one day. `product` is null when no product with that serial number is on
 * record: such a service is chargeable until someone records the product.
 */
export function decideEntitlement(input: {
  on: string;
  serialNumber: string;
  product: ProductFacts | null;
  contracts: readonly ContractFacts[];
}): EntitlementDecision {
  const { on, serialNumber, product } = input;
  if (!product) {
    return {
      billing: 'chargeable',
      decidedOn: on,
      serialNumber,
      guaranteeEndsAt: null,
      contract: null,
      reasonCode: 'unknown-product',
      reason: `No product with serial number ${serialNumber} is on record for this customer; the service is chargeable at cost.`,
    };
  }
  if (product.retired) {
    return {
      billing: 'chargeable',
      decidedOn: on,
      serialNumber: product.serialNumber,
      guaranteeEndsAt: product.guaranteeEndsAt,
      contract: null,
      reasonCode: 'product-retired',
      reason: `Product ${product.serialNumber} is retired from service: the service is chargeable at cost.`,
    };
  }
  const contract = chooseContract(input.contracts, on);
  const base = {
    decidedOn: on,
    serialNumber: product.serialNumber,
    guaranteeEndsAt: product.guaranteeEndsAt,
    contract: contract ? summarize(contract) : null,
  };
  if (product.guaranteeEndsAt !== null && on <= product.guaranteeEndsAt) {
    const also = contract ? `; contract ${contract.number} also covers it` : '';
    return {
      ...base,
      billing: 'guarantee',
      reasonCode: 'in-guarantee',
      reason: `In guarantee until ${product.guaranteeEndsAt}${also}: the service is free.`,
    };
  }
  if (contract) {
    return {
      ...base,
      billing: 'contract',
      reasonCode: 'under-contract',
      reason: `Covered by contract ${contract.number} from ${contract.startsAt} to ${contract.endsAt} (${contract.services.join(', ') || 'no services listed'}).`,
    };
  }
  const gap = contractGap(input.contracts, on);
  const guaranteeText =
    product.guaranteeEndsAt !== null ? `The guarantee ended on ${product.guaranteeEndsAt}` : 'The product has no guarantee';
  const reasonCode = gap.code === 'no-contract' && product.guaranteeEndsAt !== null ? 'guarantee-ended' : gap.code;
  return {
    ...base,
    billing: 'chargeable',
    reasonCode,
    reason: `${guaranteeText} and ${gap.text} on ${on}: the service is chargeable at cost.`,
  };
}

/**
 * The entitlement of an organisation when no product is named: only a contract covering the whole organisation
 * decides it; otherwise it stays open (null) until a serial number is known.
 */
export function decideOrganizationEntitlement(input: { on: string; contracts: readonly ContractFacts[] }): EntitlementDecision | null {
  const wholeOrganization = input.contracts.filter((contract) => contract.coverage === 'organization');
  const contract = chooseContract(wholeOrganization, input.on);
  if (!contract) return null;
  return {
    billing: 'contract',
    decidedOn: input.on,
    serialNumber: null,
    guaranteeEndsAt: null,
    contract: summarize(contract),
    reasonCode: 'under-contract',
    reason: `Contract ${contract.number} covers the whole organisation from ${contract.startsAt} to ${contract.endsAt}.`,
  };
}

/**
 * A case about several products takes one billing class: the first product on record decides it (its vendor hears
 * the vendor report too), so the decision follows the order the serial numbers were given.
 */
export function primaryDecision(decisions: readonly EntitlementDecision[]): EntitlementDecision | null {
  const known = decisions.find((decision) => decision.reasonCode !== 'unknown-product');
  return known ?? decisions[0] ?? null;
}
