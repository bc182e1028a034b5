import { parsePhoneNumber, phoneSearchDigits } from '../../domain/contacts/phone-numbers.js';
import type { DatabaseTransaction } from '../../storage/db.js';
import { findSiteById, type OrganizationRow } from '../../storage/repositories/organizations.js';
import { invalid } from '../errors.js';

/**
 * A typed phone number as a contact stores it: E.164, read in the organisation's country, with its search digits;
 * empty is no number. One that cannot be read is refused at the field.
 */
export function contactPhoneColumns(
  typedPhone: string | null | undefined,
  organization: Pick<OrganizationRow, 'country'>,
): { phone: string | null; phone_digits: string | null } {
  const typed = typedPhone?.trim() || null;
  const phone = typed ? parsePhoneNumber(typed, organization.country) : null;
  if (typed && !phone) throw invalid('errors.phoneInvalid', 'phone', { value: typed, country: organization.country });
  return { phone: phone?.e164 ?? null, phone_digits: phoneSearchDigits(phone?.e164 ?? null) };
}

/** An e-mail address as a contact stores it: trimmed, in lower case; empty is none. */
export const contactEmail = (email: string | null | undefined): string | null => email?.trim().toLowerCase() || null;

/** A contact's site must be an active site of the same organisation; refused at `siteId` otherwise. */
export async function checkContactSite(trx: DatabaseTransaction, organizationId: string, siteId: string | null | undefined): Promise<void> {
  if (!siteId) return;
  const site = await findSiteById(trx, siteId);
  if (!site || site.organization_id !== organizationId) throw invalid('errors.unknownReference', 'siteId', { entity: 'site', id: siteId });
  if (site.retired_at !== null) throw invalid('errors.siteRetired', 'siteId', { site: site.name });
}
