import { can, type Actor } from '../permissions.js';

/** Staff read the vendors and their support centres (whom to call for a vendor escalation); customers do not. */
export function mayReadVendors(actor: Actor): boolean {
  return can(actor, 'vendors.read');
}

/** Adding and changing vendors and their support-centre contracts: managers and admins. */
export function mayManageVendors(actor: Actor): boolean {
  return can(actor, 'vendors.manage');
}

/** Retiring a vendor no longer dealt with, and reactivating it: those who manage vendors. */
export function mayRetireVendor(actor: Actor): boolean {
  return can(actor, 'vendors.manage');
}
