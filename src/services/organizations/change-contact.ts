import type { Actor } from '../../domain/access/permissions.js';
import { mayChangeContact } from '../../domain/access/policies/organizations.js';
import { findContactById, updateContact, type ContactRow } from '../../storage/repositories/organizations.js';
import { recordChangeBy } from '../audit.js';
import { nowIso, type ServiceContext } from '../context.js';
import { notFound } from '../errors.js';
import { checkContactEmailFree, checkContactSite, contactColumns, withContactEmailKey, type ContactFields } from './contact-fields.js';
import { loadOrganizationToChange } from './manage-organizations.js';

export type ContactChanges = Partial<ContactFields>;

/**
 * Changes a contact of a customer (name, role at the customer, phones, e-mail, site, language) by the same rules as
 * adding one: the phones are read in the organisation's country and stored in E.164, the e-mail in lower case and not
 * another contact's of the customer. A contact of another organisation is not found. Audited before → after.
 */
export async function changeContact(
  context: ServiceContext,
  actor: Actor,
  organizationId: string,
  contactId: string,
  changes: ContactChanges,
): Promise<ContactRow> {
  const at = nowIso(context);
  return withContactEmailKey(context, organizationId, changes.email, () =>
    context.storage.transaction(async (trx) => {
      const organization = await loadOrganizationToChange(trx, actor, organizationId, mayChangeContact);
      const before = await findContactById(trx, contactId);
      if (!before || before.organization_id !== organizationId) throw notFound('contact', contactId);
      // A site the contact already has may have been retired since; only a newly chosen one must be active.
      if (changes.siteId !== undefined && changes.siteId !== before.site_id) await checkContactSite(trx, organizationId, changes.siteId);
      const columns = contactColumns(changes, organization);
      // Only a new address is checked: contacts that shared one before the rule keep it.
      if (columns.email !== undefined && columns.email !== before.email?.toLowerCase())
        await checkContactEmailFree(trx, organizationId, columns.email, contactId);
      // Nothing asked for, nothing written (and nothing audited).
      if (Object.keys(columns).length === 0) return before;
      await updateContact(trx, contactId, columns);
      const after = (await findContactById(trx, contactId))!;
      await recordChangeBy(trx, actor, at, 'contact.updated', ['organization', organizationId], { before, after });
      return after;
    }),
  );
}
