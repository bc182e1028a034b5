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
import { recordChangeBy } from '../audit.js';
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
  await recordChangeBy(trx, actor, at, `${record.kind}.${retire ? 'retired' : 'reactivated'}`, ['organization', record.organizationId], {
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

/** A part of a customer that is retired on its own: how it is read and how its retirement is written. */
interface CustomerPart<Row> {
  kind: 'contact' | 'site';
  find: (trx: DatabaseTransaction, id: string) => Promise<Row | undefined>;
  write: (trx: DatabaseTransaction, id: string, columns: ReturnType<typeof retirementColumns>, at: string) => Promise<void>;
}

const CONTACTS: CustomerPart<ContactRow> = {
  kind: 'contact',
  find: findContactById,
  write: (trx, id, columns) => updateContact(trx, id, columns),
};

const SITES: CustomerPart<SiteRow> = {
  kind: 'site',
  find: findSiteById,
  write: (trx, id, columns, at) => updateSite(trx, id, { ...columns, updated_at: at }),
};

/** Retires or reactivates a contact or site of an organisation; one of another organisation is not found. */
async function setPartRetired<Row extends { retired_at: string | null; organization_id: string }>(
  context: ServiceContext,
  actor: Actor,
  part: CustomerPart<Row>,
  target: { organizationId: string; id: string },
  retire: Retire,
): Promise<Row> {
  const { organizationId, id } = target;
  return context.storage.transaction(async (trx) => {
    await loadOrganizationToRetireIn(trx, actor, organizationId, mayRetireSiteOrContact);
    const before = await part.find(trx, id);
    if (!before || before.organization_id !== organizationId) throw notFound(part.kind, id);
    return applyRetirement(trx, context, actor, retire, {
      before,
      kind: part.kind,
      organizationId,
      write: (columns, at) => part.write(trx, id, columns, at),
      read: () => part.find(trx, id),
    });
  });
}

/**
 * Retires a contact of a customer (no longer chosen for new cases, sent no mail, inbound mail from them is unmatched;
 * the cases that name them keep the name) or reactivates it.
 */
export function setContactRetired(
  context: ServiceContext,
  actor: Actor,
  organizationId: string,
  contactId: string,
  retire: Retire,
): Promise<ContactRow> {
  return setPartRetired(context, actor, CONTACTS, { organizationId, id: contactId }, retire);
}

/** Retires a site of a customer (no longer chosen for new products or visits; those there keep it) or reactivates it. */
export function setSiteRetired(
  context: ServiceContext,
  actor: Actor,
  organizationId: string,
  siteId: string,
  retire: Retire,
): Promise<SiteRow> {
  return setPartRetired(context, actor, SITES, { organizationId, id: siteId }, retire);
}
