import type { Actor } from '../../domain/access/permissions.js';
import { mayChangeContact } from '../../domain/access/policies/organizations.js';
import type { Language } from '../../domain/access/roles.js';
import { findContactById, updateContact, type ContactRow } from '../../storage/repositories/organizations.js';
import { recordChange } from '../audit.js';
import { nowIso, type ServiceContext } from '../context.js';
import { notFound } from '../errors.js';
import { checkContactSite, contactEmail, contactPhoneColumns } from './contact-fields.js';
import { loadOrganizationToChange } from './manage-organizations.js';

export interface ContactChanges {
  name?: string | undefined;
  email?: string | null | undefined;
  phone?: string | null | undefined;
  siteId?: string | null | undefined;
  language?: Language | undefined;
}

/**
 * Changes a contact of a customer (name, phone, e-mail, site, language) by the same rules as adding one: the phone
 * is read in the organisation's country and stored in E.164, the e-mail in lower case. A contact of another
 * organisation is not found. Audited before → after.
 */
export async function changeContact(
  context: ServiceContext,
  actor: Actor,
  organizationId: string,
  contactId: string,
  changes: ContactChanges,
): Promise<ContactRow> {
  const at = nowIso(context);
  return context.storage.transaction(async (trx) => {
    const organization = await loadOrganizationToChange(trx, actor, organizationId, mayChangeContact);
    const before = await findContactById(trx, contactId);
    if (!before || before.organization_id !== organizationId) throw notFound('contact', contactId);
    // A site the contact already has may have been retired since; only a newly chosen one must be active.
    if (changes.siteId !== undefined && changes.siteId !== before.site_id) await checkContactSite(trx, organizationId, changes.siteId);
    const columns = {
      ...(changes.name !== undefined ? { name: changes.name.trim() } : {}),
      ...(changes.email !== undefined ? { email: contactEmail(changes.email) } : {}),
      ...(changes.phone !== undefined ? contactPhoneColumns(changes.phone, organization) : {}),
      ...(changes.siteId !== undefined ? { site_id: changes.siteId } : {}),
      ...(changes.language !== undefined ? { language: changes.language } : {}),
    };
    // Nothing asked for, nothing written (and nothing audited).
    if (Object.keys(columns).length === 0) return before;
    await updateContact(trx, contactId, columns);
    const after = (await findContactById(trx, contactId))!;
    await recordChange(trx, {
      at,
      actorUserId: actor.userId,
      action: 'contact.updated',
      entityType: 'organization',
      entityId: organizationId,
      before,
      after,
    });
    return after;
  });
}
