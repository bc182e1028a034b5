import type { Executor } from '../../storage/db.js';
import { appendCaseEvent } from '../../storage/repositories/cases.js';
import { newId } from '../context.js';

/** What visits, service records, trainings and surveys put on a case timeline. */
export type ServiceLoopEventKind =
  | 'visit.scheduled'
  | 'visit.rescheduled'
  | 'visit.cancelled'
  | 'visit.arrived'
  | 'visit.departed'
  | 'service-record.link-sent'
  | 'service-record.confirmed'
  | 'survey.created'
  | 'survey.answered'
  | 'follow-up.opened'
  | 'follow-up.closed';

/** Appends to the (append-only) case timeline in the caller's transaction. */
export async function recordServiceLoopEvent(
  executor: Executor,
  event: {
    caseId: string;
    at: string;
    kind: ServiceLoopEventKind;
    actorUserId: string | null;
    visibility: 'public' | 'internal';
    data: Record<string, unknown>;
  },
): Promise<void> {
  await appendCaseEvent(executor, {
    id: newId(),
    case_id: event.caseId,
    at: event.at,
    kind: event.kind,
    actor_user_id: event.actorUserId,
    visibility: event.visibility,
    data_json: JSON.stringify(event.data),
  });
}
