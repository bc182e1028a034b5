import { isStaffRole } from '../../domain/access/roles.js';
import type { Executor } from '../../storage/db.js';
import { mailAddressOf } from '../../domain/contacts/retirement.js';
import { findContactByEmail, insertContact, type ContactRow } from '../../storage/repositories/organizations.js';
import { findUserById, updateUser, type UserRow } from '../../storage/repositories/users.js';
import { recordChange } from '../audit.js';
import { newId, nowIso, type ServiceContext } from '../context.js';

/**
 * A customer account is a contact of its organisation: the one with the account's e-mail, or a new one made from the
 * account. Cases the customer opens name that contact, so the confirmation link and the survey reach them.
 */
export async function linkCustomerContact(
  trx: Executor,
  context: ServiceContext,
  actorUserId: string | null,
  user: UserRow,
  clientAddress: string | null = null,
): Promise<string> {
  if (user.contact_id) return user.contact_id;
  if (isStaffRole(user.role) || user.organization_id === null) throw new Error(`user ${user.id} is not a customer`);
  let contactId = (await findContactByEmail(trx, user.organization_id, user.email))?.id;
  if (!contactId) {
    contactId = newId();
    const row = {
      id: contactId,
      organization_id: user.organization_id,
      site_id: null,
      name: user.name,
      email: user.email,
      phone: null,
      phone_digits: null,
      language: user.language,
      created_at: nowIso(context),
    };
    await insertContact(trx, row);
    await recordChange(trx, {
      at: row.created_at,
      actorUserId,
      clientAddress,
      action: 'contact.created',
      entityType: 'organization',
      entityId: user.organization_id,
      after: row,
    });
  }
  await updateUser(trx, user.id, { contact_id: contactId });
  return contactId;
}

/** The contact a customer account is; null for staff. */
export async function contactOfCustomer(executor: Executor, userId: string): Promise<string | null> {
  return (await findUserById(executor, userId))?.contact_id ?? null;
}

/** Where mail to a contact goes: their address, or none when they have none or are retired. */
export function contactMailAddress(contact: Pick<ContactRow, 'email' | 'retired_at'> | undefined): string | null {
  return contact ? mailAddressOf({ email: contact.email, retiredAt: contact.retired_at }) : null;
}
