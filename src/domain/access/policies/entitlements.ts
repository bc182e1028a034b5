import { can, type Actor } from '../permissions.js';
import { mayReadCase } from './cases.js';

/** What the policy needs of what an entitlement is asked about (a product, an organisation or a case): its organisation. */
export interface EntitlementSubject {
  organizationId: string;
}

const scopeOf = (record: EntitlementSubject) => ({ organizationId: record.organizationId });

/**
 * Staff look up the entitlement of any serial number or customer; a customer only their own organisation's (a
 * serial of another organisation is as unknown to them as one never recorded).
 */
export function mayLookUpEntitlement(actor: Actor, subject: EntitlementSubject): boolean {
  return can(actor, 'entitlements.read', scopeOf(subject));
}

/** A case's entitlement, exchanges and compensations are read with the case: whoever may read it. */
export function mayReadCaseEntitlement(actor: Actor, record: EntitlementSubject): boolean {
  return mayReadCase(actor, record);
}

/** Deciding a case's billing class again (after a contract was entered late): the editors of delivered systems. */
export function mayReEvaluateEntitlement(actor: Actor, record: EntitlementSubject): boolean {
  return can(actor, 'entitlements.re-evaluate', scopeOf(record));
}

/** A free exchange of a failed contract product is recorded by the staff who did it (not the secretary). */
export function mayRecordExchange(actor: Actor, record: EntitlementSubject): boolean {
  return can(actor, 'exchanges.record', scopeOf(record));
}

/** Compensation due under a contract is the manager's decision. */
export function mayRecordCompensation(actor: Actor, record: EntitlementSubject): boolean {
  return can(actor, 'compensations.record', scopeOf(record));
}
