import type { Language } from '../../domain/access/roles.js';
import { parsePhoneNumber, phoneSearchDigits } from '../../domain/contacts/phone-numbers.js';
import { isUniqueViolation, type DatabaseTransaction, type Executor } from '../../storage/db.js';
import { findContactByEmail, findSiteById, type ContactRow, type OrganizationRow } from '../../storage/repositories/organizations.js';
import type { ServiceContext } from '../context.js';
import { conflict, invalid, type ServiceError } from '../errors.js';

/**
 * A typed phone number as a contact stores it: E.164, read in the organisation's country; empty is no number. One
 * that cannot be read is refused at the field it was typed in (`phone`, `secondPhone`).
 */
export function contactPhone(
  typedPhone: string | null | undefined,
  organization: Pick<OrganizationRow, 'country'>,
  field: string,
): string | null {
  const typed = typedPhone?.trim() || null;
  const phone = typed ? parsePhoneNumber(typed, organization.country) : null;
  if (typed && !phone) throw invalid('errors.phoneInvalid', field, { value: typed, country: organization.country });
  return phone?.e164 ?? null;
}

/** The contact's (first) phone as it is stored: E.164 and its search digits. */
export function contactPhoneColumns(
  typedPhone: string | null | undefined,
  organization: Pick<OrganizationRow, 'country'>,
): { phone: string | null; phone_digits: string | null } {
  const phone = contactPhone(typedPhone, organization, 'phone');
  return { phone, phone_digits: phoneSearchDigits(phone) };
}

/** The contact's second phone as it is stored: E.164 and its search digits, found by the hotline like the first. */
function secondPhoneColumns(
  typedPhone: string | null | undefined,
  organization: Pick<OrganizationRow, 'country'>,
): { second_phone: string | null; second_phone_digits: string | null } {
  const phone = contactPhone(typedPhone, organization, 'secondPhone');
  return { second_phone: phone, second_phone_digits: phoneSearchDigits(phone) };
}

/** What a contact is at the customer, as typed; empty is not known. */
export const contactRole = (role: string | null | undefined): string | null => role?.trim() || null;

/** An e-mail address as a contact stores it: trimmed, in lower case; empty is none. */
export const contactEmail = (email: string | null | undefined): string | null => email?.trim().toLowerCase() || null;

/** A contact as the forms send it: adding one needs the name, changing one takes any of the fields. */
export interface ContactFields {
  name: string;
  roleAtCustomer?: string | null | undefined;
  email?: string | null | undefined;
  phone?: string | null | undefined;
  secondPhone?: string | null | undefined;
  siteId?: string | null | undefined;
  language?: Language | undefined;
}

/**
 * The columns of the fields given, as a contact stores them (trimmed; phones in E.164, the e-mail in lower case, empty
 * as none); a phone that cannot be read is refused at its field. Fields left out give no column.
 */
export function contactColumns(fields: Partial<ContactFields>, organization: Pick<OrganizationRow, 'country'>) {
  return {
    ...(fields.name !== undefined ? { name: fields.name.trim() } : {}),
    ...(fields.roleAtCustomer !== undefined ? { role_at_customer: contactRole(fields.roleAtCustomer) } : {}),
    ...(fields.email !== undefined ? { email: contactEmail(fields.email) } : {}),
    ...(fields.phone !== undefined ? contactPhoneColumns(fields.phone, organization) : {}),
    ...(fields.secondPhone !== undefined ? secondPhoneColumns(fields.secondPhone, organization) : {}),
    ...(fields.siteId !== undefined ? { site_id: fields.siteId } : {}),
    ...(fields.language !== undefined ? { language: fields.language } : {}),
  };
}

/** A contact's site must be an active site of the same organisation; refused at `siteId` otherwise. */
export async function checkContactSite(trx: DatabaseTransaction, organizationId: string, siteId: string | null | undefined): Promise<void> {
  if (!siteId) return;
  const site = await findSiteById(trx, siteId);
  if (!site || site.organization_id !== organizationId) throw invalid('errors.unknownReference', 'siteId', { entity: 'site', id: siteId });
  if (site.retired_at !== null) throw invalid('errors.siteRetired', 'siteId', { site: site.name });
}

/**
 * One e-mail address, one contact of a customer (retired ones included: a person who returns is reactivated, not added
 * again). Refused with 409 at `email`, naming the contact that has it; `contactId` is the contact being changed.
 */
export async function checkContactEmailFree(
  executor: Executor,
  organizationId: string,
  email: string | null,
  contactId?: string,
): Promise<void> {
  if (!email) return;
  const holder = await findContactByEmail(executor, organizationId, email);
  if (holder && holder.id !== contactId) throw contactEmailTaken(holder, email);
}

/** The conflict of an address another contact of the customer has. */
export function contactEmailTaken(holder: Pick<ContactRow, 'id' | 'name' | 'retired_at'>, email: string): ServiceError {
  return conflict(
    holder.retired_at === null ? 'errors.contactEmailTaken' : 'errors.contactEmailTakenRetired',
    { email, name: holder.name },
    'email',
    {
      contactId: holder.id,
    },
  );
}

/**
 * Runs a contact's write; a unique violation is then another request that gave the same address at the same moment
 * (`contacts_email_key`), answered like the check before it.
 */
export async function withContactEmailKey<T>(
  context: ServiceContext,
  organizationId: string,
  email: string | null | undefined,
  write: () => Promise<T>,
): Promise<T> {
  try {
    return await write();
  } catch (error) {
    const address = contactEmail(email);
    if (!isUniqueViolation(error) || !address) throw error;
    const holder = await findContactByEmail(context.storage.db, organizationId, address);
    throw holder ? contactEmailTaken(holder, address) : error;
  }
}
