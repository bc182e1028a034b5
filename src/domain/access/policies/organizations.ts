import { can, type Actor } from '../permissions.js';
import { isStaffRole } from '../roles.js';
import { mayCreateAsset } from './assets.js';
import { mayOpenCaseFor } from './cases.js';
import { mayCreateContract } from './contracts.js';
import { mayCreateProject } from './projects.js';

/** What the policy needs of a customer organisation: which one it is. Its sites and contacts go with it. */
export interface OrganizationRecord {
  id: string;
}

const scopeOf = (record: OrganizationRecord) => ({ organizationId: record.id });

/** Staff read every customer; a customer user only their own organisation (another one does not exist for them). */
export function mayReadOrganization(actor: Actor, record: OrganizationRecord): boolean {
  return can(actor, 'organizations.read', scopeOf(record));
}

/** Which of a customer's fields the actor is shown. */
export interface OrganizationFields {
  /** The company's own notes on the customer: staff only, never the customer's users. */
  notes: boolean;
}

/** A customer's notes are the integrator's internal notes: every staff member who reads it sees them, a customer never. */
export function visibleOrganizationFields(actor: Actor, record: OrganizationRecord): OrganizationFields {
  return { notes: mayReadOrganization(actor, record) && isStaffRole(actor.role) };
}

/** Sites and contacts are read with their organisation: whoever may read it may read them, and nobody else. */
export function mayReadSitesAndContacts(actor: Actor, record: OrganizationRecord): boolean {
  return mayReadOrganization(actor, record);
}

/** A new customer is the editors' work (secretary, manager, admin). */
export function mayCreateOrganization(actor: Actor): boolean {
  return can(actor, 'organizations.manage');
}

/** Changing an organisation, and adding or changing its sites and contacts, is the editors' work too. */
export function mayChangeOrganization(actor: Actor, record: OrganizationRecord): boolean {
  return can(actor, 'organizations.manage', scopeOf(record));
}

/**
 * Retiring and reactivating a customer, one of its sites or one of its contacts belongs to those who edit them: the
 * editors, on any customer; nobody else, and a customer user not even on their own organisation.
 */
export function mayRetireOrganization(actor: Actor, record: OrganizationRecord): boolean {
  return mayChangeOrganization(actor, record);
}

/** A site or contact is retired (and reactivated) by whoever may change its organisation. */
export function mayRetireSiteOrContact(actor: Actor, record: OrganizationRecord): boolean {
  return mayChangeOrganization(actor, record);
}

/** A contact's name, phone, e-mail, site and language are changed by whoever may change its organisation. */
export function mayChangeContact(actor: Actor, record: OrganizationRecord): boolean {
  return mayChangeOrganization(actor, record);
}

/** What the actor may do with a contact of this organisation, for the web app to offer (never decided from the role). */
export function contactRights(actor: Actor, record: OrganizationRecord): { edit: boolean; retire: boolean } {
  return { edit: mayChangeContact(actor, record), retire: mayRetireSiteOrContact(actor, record) };
}

/** What the actor may do with a customer, for its page to offer (the web app shows actions from this, never from the role). */
export interface OrganizationRights {
  edit: boolean;
  retire: boolean;
  addContact: boolean;
  addSite: boolean;
  addProject: boolean;
  addProduct: boolean;
  addContract: boolean;
  logCase: boolean;
}

/**
 * The customer's page offers what the actor may do to it. A retired customer keeps its records but takes no new
 * contact, site, project, product, contract or case until it is reactivated, so none of them is offered then; editing
 * and reactivating it are.
 */
export function organizationRights(actor: Actor, record: OrganizationRecord & { retired: boolean }): OrganizationRights {
  const takesNew = !record.retired;
  const scope = scopeOf(record);
  return {
    edit: mayChangeOrganization(actor, record),
    retire: mayRetireOrganization(actor, record),
    addContact: takesNew && mayChangeOrganization(actor, record),
    addSite: takesNew && mayChangeOrganization(actor, record),
    addProject: takesNew && mayCreateProject(actor, scope),
    addProduct: takesNew && mayCreateAsset(actor, scope),
    addContract: takesNew && mayCreateContract(actor, scope),
    logCase: takesNew && mayOpenCaseFor(actor, scope),
  };
}
