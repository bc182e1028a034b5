import { can, type Actor } from '../permissions.js';
import { isStaffRole } from '../roles.js';

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

/** Which of a contract's fields the actor is shown. */
export interface ContractFields {
  /** The company's own notes on the contract: staff only, never the customer's users. */
  notes: boolean;
}

/** A contract's notes are the integrator's internal notes: every staff member who reads it sees them, a customer never. */
export function visibleContractFields(actor: Actor, record: ContractRecord): ContractFields {
  return { notes: mayReadContract(actor, record) && isStaffRole(actor.role) };
}

/** What the actor may do with a contract, for the lists to offer (the web app shows actions from this, never from the role). */
export interface ContractRights {
  /** Change it, including its default servicing department. */
  edit: boolean;
  /** Enter its follow-on contract (the customer must also take new contracts: not retired). */
  renew: boolean;
  /** End it early or cancel it. */
  end: boolean;
  /** Undo an ending or cancellation made by mistake. */
  reactivate: boolean;
}

/** A contract in force may be ended; an ended or cancelled one reactivated; either edited and renewed. */
export function contractRights(actor: Actor, record: ContractRecord & { cancelled: boolean }): ContractRights {
  const end = mayEndContract(actor, record);
  return {
    edit: mayChangeContract(actor, record),
    renew: mayCreateContract(actor, record),
    end: end && !record.cancelled,
    reactivate: end && record.cancelled,
  };
}
