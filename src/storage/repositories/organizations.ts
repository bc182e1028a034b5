import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Executor } from '../db.js';
import type { ContactsTable, OrganizationsTable, SitesTable } from '../schema.js';

export type OrganizationRow = Selectable<OrganizationsTable>;
export type SiteRow = Selectable<SitesTable>;
export type ContactRow = Selectable<ContactsTable>;

export async function insertOrganization(executor: Executor, row: Insertable<OrganizationsTable>): Promise<void> {
  await executor.insertInto('organizations').values(row).execute();
}

export async function findOrganizationById(executor: Executor, id: string): Promise<OrganizationRow | undefined> {
  return executor.selectFrom('organizations').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function updateOrganization(executor: Executor, id: string, changes: Updateable<OrganizationsTable>): Promise<void> {
  await executor.updateTable('organizations').set(changes).where('id', '=', id).execute();
}

export async function listOrganizations(
  executor: Executor,
  filter: { onlyId?: string; text?: string; afterId?: string; limit: number },
): Promise<OrganizationRow[]> {
  let query = executor
    .selectFrom('organizations')
    .selectAll()
    .orderBy('id')
    .limit(filter.limit + 1);
  if (filter.onlyId) query = query.where('id', '=', filter.onlyId);
  if (filter.text) {
    const pattern = `%${filter.text.toLowerCase()}%`;
    query = query.where((eb) => eb.or([eb(eb.fn('lower', ['name']), 'like', pattern), eb(eb.fn('lower', ['code']), 'like', pattern)]));
  }
  if (filter.afterId) query = query.where('id', '>', filter.afterId);
  return query.execute();
}

export async function insertSite(executor: Executor, row: Insertable<SitesTable>): Promise<void> {
  await executor.insertInto('sites').values(row).execute();
}

export async function listSites(executor: Executor, organizationId: string): Promise<SiteRow[]> {
  return executor.selectFrom('sites').selectAll().where('organization_id', '=', organizationId).orderBy('id').execute();
}

export async function findSiteById(executor: Executor, id: string): Promise<SiteRow | undefined> {
  return executor.selectFrom('sites').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertContact(executor: Executor, row: Insertable<ContactsTable>): Promise<void> {
  await executor.insertInto('contacts').values(row).execute();
}

export async function findContactById(executor: Executor, id: string): Promise<ContactRow | undefined> {
  return executor.selectFrom('contacts').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listContacts(executor: Executor, organizationId: string): Promise<ContactRow[]> {
  return executor.selectFrom('contacts').selectAll().where('organization_id', '=', organizationId).orderBy('id').execute();
}

/** The hotline finds the caller by any tail of the number as typed (with or without area code). */
export async function findContactsByPhoneDigits(executor: Executor, digits: string, limit = 20): Promise<ContactRow[]> {
  return executor.selectFrom('contacts').selectAll().where('phone_digits', 'like', `%${digits}`).orderBy('id').limit(limit).execute();
}
