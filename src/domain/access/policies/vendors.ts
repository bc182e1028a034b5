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

/** What the actor may do with a vendor, for the vendors page to offer (never decided from the role). */
export interface VendorRights {
  edit: boolean;
  retire: boolean;
  reactivate: boolean;
}

export function vendorRights(actor: Actor, record: { retired: boolean }): VendorRights {
  const retire = mayRetireVendor(actor);
  return { edit: mayManageVendors(actor), retire: retire && !record.retired, reactivate: retire && record.retired };
}
