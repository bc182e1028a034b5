import { can, type Actor } from '../permissions.js';

/** What the policy needs of a service contract: its organisation. */
export interface ContractRecord {
  organizationId: string;
}

const scopeOf = (record: ContractRecord) => ({ organizationId: record.organizationId });

/** Staff read every contract; a customer their own organisation's (another one's does not exist for them). */
export function mayReadContract(actor: Actor, record: ContractRecord): boolean {
  return can(actor, 'contracts.read', scopeOf(record));
}

/** Entering a contract for an organisation: managers and admins (it is what the company owes). */
export function mayCreateContract(actor: Actor, record: ContractRecord): boolean {
  return can(actor, 'contracts.manage', scopeOf(record));
}

/** Changing a contract (its period, services, coverage, policy, department): managers and admins. */
export function mayChangeContract(actor: Actor, record: ContractRecord): boolean {
  return can(actor, 'contracts.manage', scopeOf(record));
}

/** Ending a contract early, cancelling it, and undoing a cancellation made by mistake: those who change contracts. */
export function mayEndContract(actor: Actor, record: ContractRecord): boolean {
  return can(actor, 'contracts.manage', scopeOf(record));
}
