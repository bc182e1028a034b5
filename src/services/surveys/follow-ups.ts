import type { Actor } from '../../domain/access/permissions.js';
import { decodeCursor, toPage, type Page } from '../../storage/repositories/pagination.js';
import {
  closeFollowUpOnce,
  findFollowUpById,
  findFollowUpListRow,
  listFollowUps,
  type FollowUpListRow,
} from '../../storage/repositories/surveys.js';
import { recordChangeBy } from '../audit.js';
import type { ServiceContext } from '../context.js';
import { conflict, forbidden, notFound } from '../errors.js';
import { invalid } from '../errors.js';
import { recordCaseEvent } from '../cases/case-events.js';
import { mayCloseFollowUp, mayReadFollowUps } from '../../domain/access/policies/surveys.js';

/** Follow-ups of low survey scores, soonest due first; `mine` is the department manager's dashboard list. */
export async function listFollowUpsFor(
  context: ServiceContext,
  actor: Actor,
  query: {
    mine?: boolean | undefined;
    status?: 'open' | 'closed' | undefined;
    caseId?: string | undefined;
    cursor?: string | undefined;
    limit: number;
  },
): Promise<Page<FollowUpListRow>> {
  if (!mayReadFollowUps(actor)) throw forbidden();
  let after: { dueAt: string; id: string } | undefined;
  if (query.cursor !== undefined) {
    const values = decodeCursor(query.cursor);
    if (!values || typeof values[0] !== 'string' || typeof values[1] !== 'string') throw invalid('errors.badCursor', 'cursor');
    after = { dueAt: values[0], id: values[1] };
  }
  const rows = await listFollowUps(context.storage.db, {
    assigneeUserId: query.mine ? actor.userId : undefined,
    status: query.status,
    caseId: query.caseId,
    after,
    limit: query.limit,
  });
  return toPage(
    rows,
    query.limit,
    (row) => row,
    (row) => [row.due_at, row.id],
  );
}

/** The manager closes a follow-up with what was done about the low score; it is closed once, never rewritten. */
export async function closeFollowUp(
  context: ServiceContext,
  actor: Actor,
  id: string,
  input: { resolution: string },
): Promise<FollowUpListRow> {
  if (!mayCloseFollowUp(actor)) throw forbidden();
  return context.storage.transaction(async (trx) => {
    const row = await findFollowUpById(trx, id);
    if (!row) throw notFound('follow-up', id);
    const at = context.clock.now().toISOString();
    if (!(await closeFollowUpOnce(trx, id, { closedAt: at, closedBy: actor.userId, resolution: input.resolution.trim() })))
      throw conflict('serviceLoop.errors.followUpClosed', { at: row.closed_at ?? '' }, 'status');
    if (row.case_id) {
      await recordCaseEvent(trx, {
        caseId: row.case_id,
        at,
        kind: 'follow-up.closed',
        actorUserId: actor.userId,
        visibility: 'internal',
        data: { followUpId: id, resolution: input.resolution.trim() },
      });
    }
    await recordChangeBy(trx, actor, at, 'follow-up.close', ['follow-up', id], { after: { resolution: input.resolution } });
    return (await findFollowUpListRow(trx, id))!;
  });
}
