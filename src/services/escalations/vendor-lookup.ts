import { displayPhoneNumber } from '../../domain/contacts/phone-numbers.js';
import { sql } from 'kysely';
import type { Executor } from '../../storage/db.js';
import type { CaseRow } from '../../storage/repositories/cases.js';

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
  return row.vendor_id ? vendorById(executor, row.vendor_id) : null;
}

export async function vendorById(executor: Executor, vendorId: string): Promise<VendorSupport | null> {
  const result = await sql<{
    id: string;
    name: string;
    support_center_name: string | null;
    support_center_phone: string | null;
    support_center_email: string | null;
    support_center_url: string | null;
    support_contract_number: string | null;
  }>`
    select id, name, support_center_name, support_center_phone, support_center_email, support_center_url, support_contract_number
    from vendors where id = ${vendorId}
  `.execute(executor);
  const vendor = result.rows[0];
  if (!vendor) return null;
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
