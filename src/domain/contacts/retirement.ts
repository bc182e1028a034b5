/**
 * Customers, contacts and sites are retired, not deleted: a retired record stays on the cases, products and visits
 * that name it, and is left out of everything new. Pure rules; the services apply them.
 */

/** What the rules need of a stored record: when it was retired, or null while it is active. */
export interface RetirableRecord {
  retiredAt: string | null;
}

export function isRetired(record: RetirableRecord): boolean {
  return record.retiredAt !== null;
}

/**
 * The address mail to a contact goes to: none for a retired contact, who receives no acknowledgement, reply, survey or
 * invitation any more although the cases they called about keep their name.
 */
export function mailAddressOf(contact: RetirableRecord & { email: string | null }): string | null {
  return isRetired(contact) ? null : contact.email;
}

/** A customer with open cases is not retired: the cases are closed (or the customer kept) first. */
export function mayRetireCustomer(openCases: number): boolean {
  return openCases === 0;
}

/** Which records a list shows: the active ones (the default for customers), all of them, or only the retired ones. */
export const RETIRED_FILTERS = ['exclude', 'include', 'only'] as const;
export type RetiredFilter = (typeof RETIRED_FILTERS)[number];
