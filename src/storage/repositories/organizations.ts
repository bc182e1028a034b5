import { sql, type Insertable, type RawBuilder, type Selectable, type Updateable } from 'kysely';
import { RESOLVED_STATUSES } from '../../domain/cases/case-lifecycle.js';
import type { RetiredFilter } from '../../domain/contacts/retirement.js';
import type { Executor } from '../db.js';
import { batchedLookup, isOneOf, listParameter } from '../read-batches.js';
import type { ContactsTable, OrganizationsTable, SitesTable } from '../schema.js';

export type OrganizationRow = Selectable<OrganizationsTable>;
export type SiteRow = Selectable<SitesTable>;
export type ContactRow = Selectable<ContactsTable>;
/** Rows as they are written. */
export type NewOrganization = Insertable<OrganizationsTable>;
export type NewSite = Insertable<SitesTable>;
export type NewContact = Insertable<ContactsTable>;

export async function insertOrganization(executor: Executor, row: NewOrganization): Promise<void> {
  await executor.insertInto('organizations').values(row).execute();
}

export async function findOrganizationById(executor: Executor, id: string): Promise<OrganizationRow | undefined> {
  return executor.selectFrom('organizations').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function updateOrganization(executor: Executor, id: string, changes: Updateable<OrganizationsTable>): Promise<void> {
  await executor.updateTable('organizations').set(changes).where('id', '=', id).execute();
}

/** Narrows a list to its active records, its retired ones, or leaves it whole. */
function byRetirement<Q extends { where: (column: 'retired_at', operator: 'is' | 'is not', value: null) => Q }>(
  query: Q,
  filter: RetiredFilter | undefined,
): Q {
  if (filter === 'exclude') return query.where('retired_at', 'is', null);
  if (filter === 'only') return query.where('retired_at', 'is not', null);
  return query;
}

/** Case-insensitive "contains", with the user's % and _ taken literally. */
function containsText(column: RawBuilder<unknown>, lowerText: string) {
  const pattern = `%${lowerText.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
  return sql<boolean>`lower(${column}) like ${pattern} escape '\\'`;
}

export async function listOrganizations(
  executor: Executor,
  filter: {
    onlyId?: string;
    text?: string;
    phone?: { whole: string } | { part: string } | null;
    retired?: RetiredFilter;
    afterId?: string;
    limit: number;
  },
): Promise<OrganizationRow[]> {
  let query = byRetirement(
    executor
      .selectFrom('organizations')
      .selectAll()
      .orderBy('id')
      .limit(filter.limit + 1),
    filter.retired,
  );
  if (filter.onlyId) query = query.where('id', '=', filter.onlyId);
  if (filter.text) {
    // What a caller gives on the hotline: the customer's name or code, a contact's name or e-mail, or a phone number
    // (read by the service: a whole number matches the stored E.164 digits of either of a contact's phones, a part of
    // one is looked for in them).
    const text = filter.text.toLowerCase();
    const phone = filter.phone ?? null;
    query = query.where((eb) =>
      eb.or([
        containsText(sql.ref('organizations.name'), text),
        containsText(sql.ref('organizations.code'), text),
        eb.exists(
          eb
            .selectFrom('contacts')
            .select('contacts.id')
            .whereRef('contacts.organization_id', '=', 'organizations.id')
            .where((inner) =>
              inner.or([
                containsText(sql.ref('contacts.name'), text),
                containsText(sql.ref('contacts.email'), text),
                ...(phone && 'whole' in phone
                  ? [inner('contacts.phone_digits', '=', phone.whole), inner('contacts.second_phone_digits', '=', phone.whole)]
                  : []),
                ...(phone && 'part' in phone
                  ? [
                      sql<boolean>`contacts.phone_digits like ${`%${phone.part}%`}`,
                      sql<boolean>`contacts.second_phone_digits like ${`%${phone.part}%`}`,
                    ]
                  : []),
              ]),
            ),
        ),
      ]),
    );
  }
  if (filter.afterId) query = query.where('id', '>', filter.afterId);
  return query.execute();
}

export async function insertSite(executor: Executor, row: NewSite): Promise<void> {
  await executor.insertInto('sites').values(row).execute();
}

export async function updateSite(executor: Executor, id: string, changes: Updateable<SitesTable>): Promise<void> {
  await executor.updateTable('sites').set(changes).where('id', '=', id).execute();
}

export async function listSites(executor: Executor, organizationId: string, retired?: RetiredFilter): Promise<SiteRow[]> {
  return byRetirement(executor.selectFrom('sites').selectAll().where('organization_id', '=', organizationId), retired)
    .orderBy('id')
    .execute();
}

export async function findSiteById(executor: Executor, id: string): Promise<SiteRow | undefined> {
  return executor.selectFrom('sites').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertContact(executor: Executor, row: NewContact): Promise<void> {
  await executor.insertInto('contacts').values(row).execute();
}

/** Every intake that names a contact (a mail's sender, say) reads it, so concurrent intakes ask together. */
export const findContactById = batchedLookup<string, ContactRow | undefined>({
  one: (executor, id) => executor.selectFrom('contacts').selectAll().where('id', '=', id).executeTakeFirst(),
  many: async (db, ids) => {
    const rows = await db
      .selectFrom('contacts')
      .selectAll()
      .where(isOneOf(db, 'id', listParameter(db, [...new Set(ids)])))
      .execute();
    const byId = new Map(rows.map((row) => [row.id, row]));
    // Each caller gets a row of its own.
    return ids.map((id) => {
      const row = byId.get(id);
      return row ? { ...row } : undefined;
    });
  },
});

/** The contact of an organisation with this e-mail (however it was capitalised), the oldest if several. */
export async function findContactByEmail(executor: Executor, organizationId: string, email: string): Promise<ContactRow | undefined> {
  return executor
    .selectFrom('contacts')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where(sql<string>`lower(email)`, '=', email.trim().toLowerCase())
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
}

export async function listContacts(executor: Executor, organizationId: string, retired?: RetiredFilter): Promise<ContactRow[]> {
  return byRetirement(executor.selectFrom('contacts').selectAll().where('organization_id', '=', organizationId), retired)
    .orderBy('id')
    .execute();
}

export async function updateContact(executor: Executor, id: string, changes: Updateable<ContactsTable>): Promise<void> {
  await executor.updateTable('contacts').set(changes).where('id', '=', id).execute();
}

/** The organisation's cases not yet resolved (new, assigned, being worked, waiting). */
export async function countOpenCasesOfOrganization(executor: Executor, organizationId: string): Promise<number> {
  const row = await executor
    .selectFrom('cases')
    .select((eb) => eb.fn.countAll<string | number>().as('count'))
    .where('organization_id', '=', organizationId)
    .where('status', 'not in', [...RESOLVED_STATUSES])
    .executeTakeFirst();
  return Number(row?.count ?? 0);
}
