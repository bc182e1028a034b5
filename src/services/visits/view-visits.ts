import { organizationScope } from '../../domain/access/organization-scope.js';
import type { Actor } from '../../domain/access/permissions.js';
import { mayReadVisit } from '../../domain/access/policies/visits.js';
import { decodeCursor, toPage, type Page } from '../../storage/repositories/pagination.js';
import { findVisitListRow, listVisits, type VisitListRow } from '../../storage/repositories/visits.js';
import type { ServiceContext } from '../context.js';
import { invalid, notFound } from '../errors.js';
import { findEngineerConflicts } from './schedule-visit.js';

export type VisitWithConflicts = VisitListRow & { conflictsWith: string[] };

export interface VisitQuery {
  engineerUserId?: string | undefined;
  caseId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  includeCancelled?: boolean | undefined;
  cursor?: string | undefined;
  limit: number;
}

/**
 * Visits by start time — an engineer's calendar when filtered by engineer and period. Each visit lists the other
 * visits of the same engineer that clash with it.
 */
export async function listVisitsFor(context: ServiceContext, actor: Actor, query: VisitQuery): Promise<Page<VisitWithConflicts>> {
  let after: { startsAt: string; id: string } | undefined;
  if (query.cursor !== undefined) {
    const values = decodeCursor(query.cursor);
    if (!values || typeof values[0] !== 'string' || typeof values[1] !== 'string') throw invalid('errors.badCursor', 'cursor');
    after = { startsAt: values[0], id: values[1] };
  }
  const scope = organizationScope(actor, undefined);
  if (!scope) return { items: [], nextCursor: null };
  const db = context.storage.db;
  const rows = await listVisits(db, {
    engineerUserId: query.engineerUserId,
    caseId: query.caseId,
    organizationId: scope.organizationId,
    from: query.from ? new Date(query.from).toISOString() : undefined,
    to: query.to ? new Date(query.to).toISOString() : undefined,
    includeCancelled: query.includeCancelled ?? false,
    after,
    limit: query.limit,
  });
  const page = toPage(
    rows,
    query.limit,
    (row) => row,
    (row) => [row.starts_at, row.id],
  );
  const withConflicts: VisitWithConflicts[] = [];
  for (const row of page.items) {
    const clashes =
      row.status === 'cancelled'
        ? []
        : await findEngineerConflicts(db, row.engineer_user_id, { id: row.id, startsAt: row.starts_at, endsAt: row.ends_at });
    withConflicts.push({ ...row, conflictsWith: clashes.map((clash) => clash.id) });
  }
  return { items: withConflicts, nextCursor: page.nextCursor };
}

export async function getVisit(context: ServiceContext, actor: Actor, id: string): Promise<VisitWithConflicts> {
  const row = await findVisitListRow(context.storage.db, id);
  if (!row || !mayReadVisit(actor, { organizationId: row.organization_id })) throw notFound('visit', id);
  const clashes = await findEngineerConflicts(context.storage.db, row.engineer_user_id, {
    id: row.id,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
  });
  return { ...row, conflictsWith: row.status === 'cancelled' ? [] : clashes.map((clash) => clash.id) };
}
