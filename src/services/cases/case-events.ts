import type { Executor } from '../../storage/db.js';
import { appendCaseEvent, appendCaseEvents, type NewCaseEvent } from '../../storage/repositories/cases.js';
import { newId } from '../context.js';

export type CaseEventKind =
  | 'case.created'
  | 'case.updated'
  | 'case.assigned'
  | 'case.transitioned'
  | 'case.level-changed'
  | 'case.action-recorded'
  | 'case.note'
  | 'case.remote-authorized'
  | 'case.policy-reapplied'
  | 'escalation.fired'
  | 'escalation.acknowledged'
  | 'escalation.replanned'
  | 'vendor-escalation.opened'
  | 'vendor-escalation.updated'
  | 'vendor-escalation.report-sent'
  | 'configuration.alert'
  | 'entitlement.re-evaluated'
  | 'exchange.recorded'
  | 'compensation.recorded'
  | 'notification.sent'
  | 'notification.bounced'
  | 'case.follow-up-of'
  | 'case.mail-file-too-large'
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
  | 'follow-up.closed'
  | 'problem.case-linked'
  | 'problem.case-unlinked';

export interface CaseEvent {
  caseId: string;
  at: string;
  kind: CaseEventKind;
  actorUserId: string | null;
  visibility: 'public' | 'internal';
  data: Record<string, unknown>;
}

/** The stored form of a timeline event, for callers that write it together with other rows. */
export function caseEventRow(event: CaseEvent): NewCaseEvent {
  return {
    id: newId(),
    case_id: event.caseId,
    at: event.at,
    kind: event.kind,
    actor_user_id: event.actorUserId,
    visibility: event.visibility,
    data_json: JSON.stringify(event.data),
  };
}

/**
 * Appends to the case timeline (append-only in the database). `public` events are what the customer sees. Returns
 * the entry's id, for what belongs to it (the files sent with a reply).
 */
export async function recordCaseEvent(executor: Executor, event: CaseEvent): Promise<string> {
  const row = caseEventRow(event);
  await appendCaseEvent(executor, row);
  return row.id;
}

/** Records the events of one actor's change to one case at one instant: `record(kind, visibility, data)`. */
export function caseEventsOf(executor: Executor, caseId: string, at: string, actorUserId: string | null) {
  return (kind: CaseEventKind, visibility: CaseEvent['visibility'], data: CaseEvent['data']): Promise<string> =>
    recordCaseEvent(executor, { caseId, at, kind, actorUserId, visibility, data });
}

/** Several events at once, in one statement: for a sender recording a batch of outcomes. */
export async function recordCaseEvents(executor: Executor, events: CaseEvent[]): Promise<void> {
  if (events.length > 0) await appendCaseEvents(executor, events.map(caseEventRow));
}
