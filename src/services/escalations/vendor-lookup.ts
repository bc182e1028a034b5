import { sql } from 'kysely';
import type { Executor } from '../../storage/db.js';
import type { CaseRow } from '../../storage/repositories/cases.js';

export interface VendorSupport {
  id: string;
  name: string;
  supportCenter: { name: string | null; phone: string | null; email: string | null; url: string | null };
}

/**
 * The vendor whose support center hears the vendor report: the vendor of the case's product, decided at intake.
 * Reads the vendors table of the delivered-systems module; until a case names a vendor, there is none to tell.
 */
export async function vendorForCase(executor: Executor, row: Pick<CaseRow, 'vendor_id'>): Promise<VendorSupport | null> {
  if (!row.vendor_id) return null;
  const result = await sql<{
    id: string;
    name: string;
    support_center_name: string | null;
    support_center_phone: string | null;
    support_center_email: string | null;
    support_center_url: string | null;
  }>`
    select id, name, support_center_name, support_center_phone, support_center_email, support_center_url from vendors where id = ${row.vendor_id}
  `.execute(executor);
  const vendor = result.rows[0];
  if (!vendor) return null;
  return {
    id: vendor.id,
    name: vendor.name,
    supportCenter: {
      name: vendor.support_center_name,
      phone: vendor.support_center_phone,
      email: vendor.support_center_email,
      url: vendor.support_center_url,
    },
  };
}
