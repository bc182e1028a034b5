import { organizationScope } from '../../domain/access/organization-scope.js';
import type { Actor } from '../../domain/access/permissions.js';
import {
  mayChangeOrganization,
  mayCreateOrganization,
  mayReadOrganization,
  mayReadSitesAndContacts,
} from '../../domain/access/policies/organizations.js';
import type { RetiredFilter } from '../../domain/contacts/retirement.js';
import type { Executor } from '../../storage/db.js';
import {
  findOrganizationById,
  findSiteById,
  insertContact,
  insertOrganization,
  insertSite,
  listContacts,
  listOrganizations,
  listSites,
  updateOrganization,
  type ContactRow,
  type OrganizationRow,
  type SiteRow,
} from '../../storage/repositories/organizations.js';
import type { Page } from '../../storage/repositories/pagination.js';
import { recordChangeBy } from '../audit.js';
import { phoneSearchOf } from '../../domain/contacts/phone-numbers.js';
import { checkContactEmailFree, checkContactSite, contactColumns, withContactEmailKey, type ContactFields } from './contact-fields.js';
import { defaultCountryOf, newId, nowIso, type ServiceContext } from '../context.js';
import { conflict, conflictIfTaken, forbidden, invalid, notFound } from '../errors.js';
import { pageById } from '../paging.js';
import { checkDepartmentExists } from '../departments/manage-departments.js';

/** Loads an organisation the actor may see; to a customer another organisation does not exist (404, not 403). */
export async function getOrganization(context: ServiceContext, actor: Actor, id: string): Promise<OrganizationRow> {
  const organization = await findOrganizationById(context.storage.db, id);
  if (!organization || !mayReadOrganization(actor, organization)) throw notFound('organization', id);
  return organization;
}

/**
 * Loads an organisation the actor may change (it, its sites or its contacts; `mayChange` names the policy's
 * decision): one they may not see is not found, one they may see but not change is forbidden.
 */
export async function loadOrganizationToChange(
  executor: Executor,
  actor: Actor,
  id: string,
  mayChange: (actor: Actor, record: { id: string }) => boolean = mayChangeOrganization,
): Promise<OrganizationRow> {
  const organization = await findOrganizationById(executor, id);
  if (!organization || !mayReadOrganization(actor, organization)) throw notFound('organization', id);
  if (!mayChange(actor, organization)) throw forbidden();
  return organization;
}

export async function listOrganizationsPage(
  context: ServiceContext,
  actor: Actor,
  query: { text?: string | undefined; retired?: RetiredFilter | undefined; cursor?: string | undefined; limit: number },
): Promise<Page<OrganizationRow>> {
  const scope = organizationScope(actor, undefined);
  if (!scope) return { items: [], nextCursor: null };
  return pageById(query, (page) =>
    listOrganizations(context.storage.db, {
      ...(scope.organizationId ? { onlyId: scope.organizationId } : {}),
      ...(query.text ? { text: query.text, phone: phoneSearchOf(query.text, defaultCountryOf(context)) } : {}),
      // Retired customers are left out unless asked for: nobody logs new work for them.
      retired: query.retired ?? 'exclude',
      ...page,
    }),
  );
}

export async function createOrganization(
  context: ServiceContext,
  actor: Actor,
  input: {
    name: string;
    code?: string | null | undefined;
    notes?: string | null | undefined;
    country?: string | undefined;
    defaultDepartmentId?: string | null | undefined;
  },
): Promise<OrganizationRow> {
  if (!mayCreateOrganization(actor)) throw forbidden();
  const at = nowIso(context);
  const id = newId();
  return conflictIfTaken(
    context.storage.transaction(async (trx) => {
      await checkDepartmentExists(trx, input.defaultDepartmentId, 'defaultDepartmentId');
      await insertOrganization(trx, {
        id,
        name: input.name.trim(),
        code: input.code?.trim() || null,
        notes: input.notes ?? null,
        country: input.country ?? defaultCountryOf(context),
        default_department_id: input.defaultDepartmentId ?? null,
        created_at: at,
        updated_at: at,
      });
      const created = (await findOrganizationById(trx, id))!;
      await recordChangeBy(trx, actor, at, 'organization.created', ['organization', id], { after: created });
      return created;
    }),
    () => conflict('errors.codeTaken', { code: input.code ?? '' }, 'code'),
  );
}

export async function changeOrganization(
  context: ServiceContext,
  actor: Actor,
  id: string,
  changes: {
    name?: string | undefined;
    code?: string | null | undefined;
    notes?: string | null | undefined;
    /** Only how numbers typed from now on are read; stored numbers are complete (E.164) already. */
    country?: string | undefined;
    defaultDepartmentId?: string | null | undefined;
  },
): Promise<OrganizationRow> {
  const at = nowIso(context);
  return conflictIfTaken(
    context.storage.transaction(async (trx) => {
      const before = await loadOrganizationToChange(trx, actor, id);
      await checkDepartmentExists(trx, changes.defaultDepartmentId, 'defaultDepartmentId');
      await updateOrganization(trx, id, {
        ...(changes.name !== undefined ? { name: changes.name.trim() } : {}),
        ...(changes.code !== undefined ? { code: changes.code?.trim() || null } : {}),
        ...(changes.notes !== undefined ? { notes: changes.notes } : {}),
        ...(changes.country !== undefined ? { country: changes.country } : {}),
        ...(changes.defaultDepartmentId !== undefined ? { default_department_id: changes.defaultDepartmentId } : {}),
        updated_at: at,
      });
      const after = (await findOrganizationById(trx, id))!;
      await recordChangeBy(trx, actor, at, 'organization.updated', ['organization', id], { before, after });
      return after;
    }),
    () => conflict('errors.codeTaken', { code: changes.code ?? '' }, 'code'),
  );
}

/** Sites and contacts are read with their organisation; to whoever may not read it, it does not exist. */
async function checkMayReadSitesAndContacts(context: ServiceContext, actor: Actor, organizationId: string): Promise<void> {
  const organization = await findOrganizationById(context.storage.db, organizationId);
  if (!organization || !mayReadSitesAndContacts(actor, organization)) throw notFound('organization', organizationId);
}

/** A retired customer takes no new site or contact (its old ones stay); it is reactivated first. */
function refuseRetiredCustomer(organization: OrganizationRow): void {
  if (organization.retired_at !== null) throw invalid('errors.customerRetiredForRecords', 'organizationId', { name: organization.name });
}

/** A customer's sites, all of them unless asked for only the active (or only the retired) ones. */
export async function listOrganizationSites(
  context: ServiceContext,
  actor: Actor,
  organizationId: string,
  retired: RetiredFilter = 'include',
): Promise<SiteRow[]> {
  await checkMayReadSitesAndContacts(context, actor, organizationId);
  return listSites(context.storage.db, organizationId, retired);
}

export async function addSite(
  context: ServiceContext,
  actor: Actor,
  organizationId: string,
  input: { name: string; address?: string | null | undefined; accessNotes?: string | null | undefined; hours?: string | null | undefined },
): Promise<SiteRow> {
  const at = nowIso(context);
  const id = newId();
  return context.storage.transaction(async (trx) => {
    const organization = await loadOrganizationToChange(trx, actor, organizationId);
    refuseRetiredCustomer(organization);
    await insertSite(trx, {
      id,
      organization_id: organizationId,
      name: input.name.trim(),
      address: input.address?.trim() || null,
      access_notes: input.accessNotes?.trim() || null,
      hours: input.hours?.trim() || null,
      created_at: at,
    });
    const site = (await findSiteById(trx, id))!;
    await recordChangeBy(trx, actor, at, 'site.created', ['organization', organizationId], { after: site });
    return site;
  });
}

/** A customer's contacts, all of them unless asked for only the active (or only the retired) ones. */
export async function listOrganizationContacts(
  context: ServiceContext,
  actor: Actor,
  organizationId: string,
  retired: RetiredFilter = 'include',
): Promise<ContactRow[]> {
  await checkMayReadSitesAndContacts(context, actor, organizationId);
  return listContacts(context.storage.db, organizationId, retired);
}

export async function addContact(context: ServiceContext, actor: Actor, organizationId: string, input: ContactFields): Promise<ContactRow> {
  const at = nowIso(context);
  const id = newId();
  return withContactEmailKey(context, organizationId, input.email, () =>
    context.storage.transaction(async (trx) => {
      const organization = await loadOrganizationToChange(trx, actor, organizationId);
      refuseRetiredCustomer(organization);
      const columns = contactColumns(input, organization);
      await checkContactSite(trx, organizationId, input.siteId);
      const row: ContactRow = {
        id,
        organization_id: organizationId,
        site_id: null,
        role_at_customer: null,
        email: null,
        phone: null,
        phone_digits: null,
        second_phone: null,
        second_phone_digits: null,
        language: 'zh-CN',
        ...columns,
        name: input.name.trim(),
        created_at: at,
        retired_at: null,
        retired_by: null,
        erased_at: null,
      };
      await checkContactEmailFree(trx, organizationId, row.email);
      await insertContact(trx, row);
      await recordChangeBy(trx, actor, at, 'contact.created', ['organization', organizationId], { after: row });
      return row;
    }),
  );
}
