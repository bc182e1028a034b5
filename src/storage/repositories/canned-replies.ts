import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import type { Language } from '../../domain/access/roles.js';
import type { Executor } from '../dialect.js';
import type { CannedRepliesTable } from '../schema.js';
import { likePattern } from './case-search.js';

export type CannedReplyRow = Selectable<CannedRepliesTable> & { department_name: string | null };

/** Replies are few per department and per user: a list reads them all, with no paging. */
export const MAX_LISTED_CANNED_REPLIES = 500;

/** The user's own department and the departments naming them manager or VP in charge. */
export async function departmentTiesOf(executor: Executor, userId: string): Promise<{ memberOf: string | null; leads: string[] }> {
  const user = await executor.selectFrom('users').select('department_id').where('id', '=', userId).executeTakeFirst();
  const led = await executor
    .selectFrom('departments')
    .select('id')
    .where((eb) => eb.or([eb('manager_user_id', '=', userId), eb('vp_in_charge_user_id', '=', userId)]))
    .orderBy('id')
    .execute();
  return { memberOf: user?.department_id ?? null, leads: led.map((row) => row.id) };
}

function selectReplies(executor: Executor) {
  return executor
    .selectFrom('canned_replies')
    .leftJoin('departments', 'departments.id', 'canned_replies.department_id')
    .selectAll('canned_replies')
    .select('departments.name as department_name');
}

/**
 * The shared replies of the given departments (`'all'`: of every department) and the owner's personal ones, by
 * title; `search` narrows to a title or text holding it, case-insensitively.
 */
export async function listCannedReplies(
  executor: Executor,
  filter: { departments: 'all' | readonly string[]; ownerId: string; scope?: 'department' | 'personal'; search?: string },
): Promise<CannedReplyRow[]> {
  const wantsShared = filter.scope !== 'personal' && (filter.departments === 'all' || filter.departments.length > 0);
  const wantsPersonal = filter.scope !== 'department';
  if (!wantsShared && !wantsPersonal) return [];
  let query = selectReplies(executor).where((eb) => {
    const shared =
      filter.departments === 'all'
        ? eb('canned_replies.department_id', 'is not', null)
        : eb('canned_replies.department_id', 'in', filter.departments.length > 0 ? [...filter.departments] : ['']);
    const personal = eb('canned_replies.owner_user_id', '=', filter.ownerId);
    if (wantsShared && wantsPersonal) return eb.or([shared, personal]);
    return wantsShared ? shared : personal;
  });
  const term = filter.search?.trim();
  if (term) {
    const pattern = likePattern(term.toLowerCase());
    query = query.where((eb) =>
      eb.or(
        (['title', 'body_en', 'body_zh'] as const).map(
          (column) => sql<boolean>`lower(${eb.ref(`canned_replies.${column}`)}) LIKE ${pattern} ESCAPE '\\'`,
        ),
      ),
    );
  }
  return query.orderBy('canned_replies.title').orderBy('canned_replies.id').limit(MAX_LISTED_CANNED_REPLIES).execute();
}

export async function findCannedReply(executor: Executor, id: string): Promise<CannedReplyRow | undefined> {
  return selectReplies(executor).where('canned_replies.id', '=', id).executeTakeFirst();
}

export async function insertCannedReply(executor: Executor, row: Insertable<CannedRepliesTable>): Promise<void> {
  await executor.insertInto('canned_replies').values(row).execute();
}

export async function updateCannedReply(executor: Executor, id: string, changes: Updateable<CannedRepliesTable>): Promise<void> {
  await executor.updateTable('canned_replies').set(changes).where('id', '=', id).execute();
}

export async function deleteCannedReply(executor: Executor, id: string): Promise<void> {
  await executor.deleteFrom('canned_replies').where('id', '=', id).execute();
}

/** What the placeholders of a reply are filled with on a case: its customer, contact, number, level, department. */
export async function findCaseFacts(
  executor: Executor,
  caseId: string,
): Promise<
  | {
      number: string;
      level: number;
      department_id: string | null;
      organization_name: string;
      contact_name: string | null;
      contact_language: Language | null;
    }
  | undefined
> {
  return executor
    .selectFrom('cases')
    .innerJoin('organizations', 'organizations.id', 'cases.organization_id')
    .leftJoin('contacts', 'contacts.id', 'cases.contact_id')
    .select([
      'cases.number',
      'cases.level',
      'cases.department_id',
      'organizations.name as organization_name',
      'contacts.name as contact_name',
      'contacts.language as contact_language',
    ])
    .where('cases.id', '=', caseId)
    .executeTakeFirst();
}
