import type { Actor } from '../../domain/access/permissions.js';
import { mayReadOrganization, mayRetireOrganization, mayRetireSiteOrContact } from '../../domain/access/policies/organizations.js';
import { mayRetireCustomer } from '../../domain/contacts/retirement.js';
import type { DatabaseTransaction } from '../../storage/db.js';
import {
  countOpenCasesOfOrganization,
  findContactById,
  findOrganizationById,
  findSiteById,
  updateContact,
  updateOrganization,
  updateSite,
  type ContactRow,
  type OrganizationRow,
  type SiteRow,
} from '../../storage/repositories/organizations.js';
import { recordChange } from '../audit.js';
import { nowIso, type ServiceContext } from '../context.js';
import { conflict, forbidden, notFound } from '../errors.js';

/** Retire (true) or reactivate (false). */
type Retire = boolean;

/** The retirement columns as they are written: set on retiring, cleared on reactivating. */
function retirementColumns(actor: Actor, retire: Retire, at: string) {
  return retire ? { retired_at: at, retired_by: actor.userId } : { retired_at: null, retired_by: null };
}

/**
 * Writes a retirement or reactivation of a record, and its audit entry (before → after), unless the record is so
 * already: asking twice changes nothing and writes nothing.
 */
async function applyRetirement<Row extends { retired_at: string | null }>(
  trx: DatabaseTransaction,
  context: ServiceContext,
  actor: Actor,
  retire: Retire,
  record: {
    before: Row;
    kind: 'organization' | 'site' | 'contact';
    organizationId: string;
    write: (columns: ReturnType<typeof retirementColumns>, at: string) => Promise<void>;
    read: () => Promise<Row | undefined>;
  },
): Promise<Row> {
  const { before } = record;
  if ((before.retired_at !== null) === retire) return before;
  const at = nowIso(context);
  await record.write(retirementColumns(actor, retire, at), at);
  const after = (await record.read())!;
  await recordChange(trx, {
    at,
    actorUserId: actor.userId,
    action: `${record.kind}.${retire ? 'retired' : 'reactivated'}`,
    entityType: 'organization',
    entityId: record.organizationId,
    before,
    after,
  });
  return after;
}

/** The organisation of a site or contact, which the actor may see (else not found) and retire records of (else forbidden). */
async function loadOrganizationToRetireIn(
  trx: DatabaseTransaction,
  actor: Actor,
  id: string,
  mayRetire: (actor: Actor, record: { id: string }) => boolean,
): Promise<OrganizationRow> {
  const organization = await findOrganizationById(trx, id);
  if (!organization || !mayReadOrganization(actor, organization)) throw notFound('organization', id);
  if (!mayRetire(actor, organization)) throw forbidden();
  return organization;
}

/**
 * Retires a customer (hidden from the customer list by default, no new cases, nothing new chosen for it) or
 * reactivates it. A customer with open cases is not retired: the answer is a 409 that says how many are open.
 */
export async function setOrganizationRetired(context: ServiceContext, actor: Actor, id: string, retire: Retire): Promise<OrganizationRow> {
  return context.storage.transaction(async (trx) => {
    const before = await loadOrganizationToRetireIn(trx, actor, id, mayRetireOrganization);
    if (retire && before.retired_at === null) {
      const openCases = await countOpenCasesOfOrganization(trx, id);
      if (!mayRetireCustomer(openCases))
        throw conflict('errors.customerHasOpenCases', { name: before.name, count: openCases }, undefined, { openCases });
    }
    return applyRetirement(trx, context, actor, retire, {
      before,
      kind: 'organization',
      organizationId: id,
      write: (columns, at) => updateOrganization(trx, id, { ...columns, updated_at: at }),
      read: () => findOrganizationById(trx, id),
    });
  });
}

/**
 * Retires a contact of a customer (no longer chosen for new cases, sent no mail, inbound mail from them is unmatched;
 * the cases that name them keep the name) or reactivates it. A contact of another organisation is not found.
 */
export async function setContactRetired(
  context: ServiceContext,
  actor: Actor,
  organizationId: string,
  contactId: string,
  retire: Retire,
): Promise<ContactRow> {
  return context.storage.transaction(async (trx) => {
    await loadOrganizationToRetireIn(trx, actor, organizationId, mayRetireSiteOrContact);
    const before = await findContactById(trx, contactId);
    if (!before || before.organization_id !== organizationId) throw notFound('contact', contactId);
    return applyRetirement(trx, context, actor, retire, {
      before,
      kind: 'contact',
      organizationId,
      write: (columns) => updateContact(trx, contactId, columns),
      read: () => findContactById(trx, contactId),
    });
  });
}

/**
 * Retires a site of a customer (no longer chosen for new products or visits; products and visits there keep it) or
 * reactivates it. A site of another organisation is not found.
 */
export async function setSiteRetired(
  context: ServiceContext,
  actor: Actor,
  organizationId: string,
  siteId: string,
  retire: Retire,
): Promise<SiteRow> {
  return context.storage.transaction(async (trx) => {
    await loadOrganizationToRetireIn(trx, actor, organizationId, mayRetireSiteOrContact);
    const before = await findSiteById(trx, siteId);
    if (!before || before.organization_id !== organizationId) throw notFound('site', siteId);
    return applyRetirement(trx, context, actor, retire, {
      before,
      kind: 'site',
      organizationId,
      write: (columns, at) => updateSite(trx, siteId, { ...columns, updated_at: at }),
      read: () => findSiteById(trx, siteId),
    });
  });
}
