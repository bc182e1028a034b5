import type { Insertable, Selectable, Updateable } from 'kysely';
import { locksRows, type Executor } from '../dialect.js';
import type { CaseActionsTable, VisitsTable } from '../schema.js';

export type VisitRow = Selectable<VisitsTable>;
/** A visit as calendars and lists show it: with the case number, customer and engineer names. */
export type VisitListRow = VisitRow & { case_number: string; case_title: string; organization_name: string; engineer_name: string };

export async function insertVisit(executor: Executor, row: Insertable<VisitsTable>): Promise<void> {
  await executor.insertInto('visits').values(row).execute();
}

export async function updateVisit(executor: Executor, id: string, changes: Updateable<VisitsTable>): Promise<void> {
  await executor.updateTable('visits').set(changes).where('id', '=', id).execute();
}

/** The on-site service action a visit fills in; the visit is the one place that writes its times. */
export async function updateVisitAction(executor: Executor, actionId: string, changes: Updateable<CaseActionsTable>): Promise<void> {
  await executor.updateTable('case_actions').set(changes).where('id', '=', actionId).execute();
}

function visitListQuery(executor: Executor) {
  return executor
    .selectFrom('visits')
    .innerJoin('cases', 'cases.id', 'visits.case_id')
    .innerJoin('organizations', 'organizations.id', 'visits.organization_id')
    .innerJoin('users as engineer', 'engineer.id', 'visits.engineer_user_id')
    .selectAll('visits')
    .select([
      'cases.number as case_number',
      'cases.title as case_title',
      'organizations.name as organization_name',
      'engineer.name as engineer_name',
    ]);
}

export async function findVisitById(executor: Executor, id: string): Promise<VisitRow | undefined> {
  return executor.selectFrom('visits').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The visit, locked until the transaction ends on PostgreSQL (SQLite has a single writer): progress takes turns. */
export async function findVisitForUpdate(executor: Executor, id: string): Promise<VisitRow | undefined> {
  const query = executor.selectFrom('visits').selectAll().where('id', '=', id);
  return (locksRows(executor) ? query.forUpdate() : query).executeTakeFirst();
}

export async function findVisitListRow(executor: Executor, id: string): Promise<VisitListRow | undefined> {
  return visitListQuery(executor).where('visits.id', '=', id).executeTakeFirst();
}

export interface VisitFilter {
  engineerUserId?: string | undefined;
  caseId?: string | undefined;
  organizationId?: string | undefined;
  /** Visits that end after this instant. */
  from?: string | undefined;
  /** Visits that start before this instant. */
  to?: string | undefined;
  includeCancelled?: boolean;
  after?: { startsAt: string; id: string } | undefined;
  limit: number;
}

/** Visits by start time, then id; the cursor is the last row's (start, id). */
export async function listVisits(executor: Executor, filter: VisitFilter): Promise<VisitListRow[]> {
  let query = visitListQuery(executor);
  if (filter.engineerUserId) query = query.where('visits.engineer_user_id', '=', filter.engineerUserId);
  if (filter.caseId) query = query.where('visits.case_id', '=', filter.caseId);
  if (filter.organizationId) query = query.where('visits.organization_id', '=', filter.organizationId);
  if (filter.from) query = query.where('visits.ends_at', '>', filter.from);
  if (filter.to) query = query.where('visits.starts_at', '<', filter.to);
  if (!filter.includeCancelled) query = query.where('visits.status', '!=', 'cancelled');
  if (filter.after) {
    const after = filter.after;
    query = query.where((eb) =>
      eb.or([
        eb('visits.starts_at', '>', after.startsAt),
        eb.and([eb('visits.starts_at', '=', after.startsAt), eb('visits.id', '>', after.id)]),
      ]),
    );
  }
  return query
    .orderBy('visits.starts_at')
    .orderBy('visits.id')
    .limit(filter.limit + 1)
    .execute();
}

/**
 * The engineer's visits that overlap a window. Start times are ISO text in UTC, so text comparison orders them;
 * the half-open overlap test is repeated in the domain on parsed instants.
 */
export async function engineerVisitsOverlapping(
  executor: Executor,
  engineerUserId: string,
  window: { startsAt: string; endsAt: string },
): Promise<VisitListRow[]> {
  return visitListQuery(executor)
    .where('visits.engineer_user_id', '=', engineerUserId)
    .where('visits.status', '!=', 'cancelled')
    .where('visits.starts_at', '<', window.endsAt)
    .where('visits.ends_at', '>', window.startsAt)
    .orderBy('visits.starts_at')
    .execute();
}

export async function findCalendarFeed(executor: Executor, userId: string): Promise<{ nonce: string } | undefined> {
  return executor.selectFrom('calendar_feeds').select('nonce').where('user_id', '=', userId).executeTakeFirst();
}

/** One feed per engineer; a new nonce retires every earlier feed address. */
export async function saveCalendarFeed(executor: Executor, row: { user_id: string; nonce: string; created_at: string }): Promise<void> {
  await executor
    .insertInto('calendar_feeds')
    .values(row)
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ nonce: row.nonce, created_at: row.created_at }))
    .execute();
}
