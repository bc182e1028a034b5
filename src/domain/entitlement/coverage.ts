/**
 * Whether a contract or a guarantee holds on a calendar day. Days are written YYYY-MM-DD, so comparing them as text
 * compares them as days; "today" is always the company's day (`calendarDateIn` of the business calendar), never a browser's.
 */

/** How far ahead "ends soon" looks: the contracts to renew. */
export const RENEWAL_WINDOW_DAYS = 60;

export interface ContractCoverage {
  /** The contract covers today: it has started and not yet ended (both days included). */
  inForce: boolean;
  /** The contract ends today or within the renewal window. */
  endsSoon: boolean;
}

/** A day moved by whole days (calendar arithmetic, no time zone involved). */
export function addCalendarDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** The last day of the renewal window that starts today. */
export function renewalWindowEnd(today: string): string {
  return addCalendarDays(today, RENEWAL_WINDOW_DAYS);
}

/** A contract's agreed period and, when it was ended early or cancelled, the first day it no longer covers. */
export interface ContractPeriod {
  startsAt: string;
  endsAt: string;
  cancelledOn?: string | null | undefined;
}

/**
 * The last day a contract covers: its agreed end, or the day before it was ended early (coverage stops from the
 * calendar day named when it was cancelled).
 */
export function coveredThrough(contract: ContractPeriod): string {
  if (!contract.cancelledOn) return contract.endsAt;
  const dayBefore = addCalendarDays(contract.cancelledOn, -1);
  return dayBefore < contract.endsAt ? dayBefore : contract.endsAt;
}

/** A cancelled contract is not renewed, so it never "ends soon"; it stays in force up to the day before it stops. */
export function contractCoverage(contract: ContractPeriod, today: string): ContractCoverage {
  const lastDay = coveredThrough(contract);
  return {
    inForce: contract.startsAt <= today && today <= lastDay,
    endsSoon: !contract.cancelledOn && today <= contract.endsAt && contract.endsAt <= renewalWindowEnd(today),
  };
}

/**
 * Whether a contract may be ended early from a day: not after its agreed end (it ends then anyway). Whether a
 * cancelled one may be reactivated: only while its agreed period still runs (a mistake is undone, an ended contract
 * is renewed instead).
 */
export function mayEndContractOn(contract: ContractPeriod, day: string): boolean {
  return day <= contract.endsAt;
}

export function mayReactivateContract(contract: ContractPeriod, today: string): boolean {
  return Boolean(contract.cancelledOn) && today <= contract.endsAt;
}

/** A guarantee covers every day up to and including its last one. */
export function guaranteeActive(guaranteeEndsAt: string | null, today: string): boolean {
  return guaranteeEndsAt !== null && today <= guaranteeEndsAt;
}

/** What a contract names: the whole organisation, or projects and products (by serial number, in any letter case). */
export interface ContractScope {
  coversWholeOrganization: boolean;
  projectIds: readonly string[];
  assetSerials: readonly string[];
}

/** A contract covers a product when it covers the whole organisation, the product's project, or its serial number. */
export function contractCoversProduct(contract: ContractScope, product: { projectId: string | null; serialNumber: string }): boolean {
  const serial = product.serialNumber.toUpperCase();
  return (
    contract.coversWholeOrganization ||
    (product.projectId !== null && contract.projectIds.includes(product.projectId)) ||
    contract.assetSerials.some((named) => named.toUpperCase() === serial)
  );
}
