import { displayPhoneNumber } from '../../domain/contacts/phone-numbers.js';
import type { Executor } from '../../storage/db.js';
import type { CaseRow } from '../../storage/repositories/cases.js';
import { findVendorSupportCenter, type VendorSupportCenterRow } from '../../storage/repositories/vendors.js';

/** The vendor's support center as the vendor report names it, with the company's support contract number there. */
export interface VendorSupportCenter {
  name: string | null;
  phone: string | null;
  email: string | null;
  url: string | null;
  contractNumber: string | null;
}

export interface VendorSupport {
  id: string;
  name: string;
  supportCenter: VendorSupportCenter;
}

/**
 * The vendor whose support center hears the vendor report: the vendor of the case's product, decided at intake.
 * Reads the vendors table of the delivered-systems module; until a case names a vendor, there is none to tell.
 */
export async function vendorForCase(executor: Executor, row: Pick<CaseRow, 'vendor_id'>): Promise<VendorSupport | null> {
  if (!row.vendor_id) return null;
  const vendor = await findVendorSupportCenter(executor, row.vendor_id);
  // A retired vendor is no longer escalated to: the escalation opens without a support center, for staff to decide.
  return vendor && vendor.retired_at === null ? supportOf(vendor) : null;
}

/** The vendor an escalation already names, retired or not (an open escalation stays with its vendor). */
export async function vendorById(executor: Executor, vendorId: string): Promise<VendorSupport | null> {
  const vendor = await findVendorSupportCenter(executor, vendorId);
  return vendor ? supportOf(vendor) : null;
}

function supportOf(vendor: VendorSupportCenterRow): VendorSupport {
  return {
    id: vendor.id,
    name: vendor.name,
    supportCenter: {
      name: vendor.support_center_name,
      // Stored as E.164; people read and dial it in its international format.
      phone: vendor.support_center_phone === null ? null : displayPhoneNumber(vendor.support_center_phone),
      email: vendor.support_center_email,
      url: vendor.support_center_url,
      contractNumber: vendor.support_contract_number,
    },
  };
}
