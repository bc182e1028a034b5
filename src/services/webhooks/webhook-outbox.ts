import {
  webhookMessageId,
  webhookTypeOfCaseEvent,
  type WebhookEventType,
  type WebhookPayload,
} from '../../domain/webhooks/webhook-events.js';
import type { Executor } from '../../storage/db.js';
import {
  casesForWebhooks,
  deleteQueuedWebhookEvents,
  insertWebhookDeliveries,
  listEnabledWebhookSubscriptions,
  problemsForWebhooks,
  queueWebhookEvent,
  takeQueuedWebhookEvents,
  type QueuedWebhookEventRow,
} from '../../storage/repositories/webhooks.js';
import { newId, type ServiceContext } from '../context.js';

const BATCH = 200;

/**
 * Queues `problem.created` in the transaction that creates the problem (case events are queued by a trigger on the
 * timeline, see migration 0039).
 */
export async function queueProblemCreated(
  executor: Executor,
  problem: { id: string; createdAt: string; createdBy: string | null; data: Record<string, unknown> },
): Promise<void> {
  await queueWebhookEvent(executor, {
    id: problem.id,
    source_kind: 'problem.created',
    case_id: null,
    problem_id: problem.id,
    at: problem.createdAt,
    actor_user_id: problem.createdBy,
    data_json: JSON.stringify(problem.data),
  });
}

function typeOf(event: QueuedWebhookEventRow): WebhookEventType | null {
  if (event.problem_id !== null) return 'problem.created';
  // The trigger queues public notes only.
  return webhookTypeOfCaseEvent(event.source_kind, 'public');
}

/**
 * Turns queued events into deliveries: one per enabled subscription that asked for the event's type and existed when
 * it happened, under the event's message id. The payload is written once here (Standard Webhooks' `type`,
 * `timestamp`, `data`), so every attempt sends the same bytes. A batch per transaction; on PostgreSQL instances take
 * different events, and the unique (subscription, message) key keeps it one delivery whatever happens. Returns the
 * events read.
 */
export async function fanOutWebhookEvents(context: Pick<ServiceContext, 'storage' | 'clock' | 'publicUrl'>): Promise<number> {
  let read = 0;
  for (;;) {
    const taken = await context.storage.transaction(async (trx) => {
      const events = await takeQueuedWebhookEvents(trx, BATCH);
      if (events.length === 0) return 0;
      const subscriptions = (await listEnabledWebhookSubscriptions(trx)).map((row) => ({
        id: row.id,
        createdAt: row.created_at,
        events: new Set(JSON.parse(row.events_json) as string[]),
      }));
      const cases = new Map(
        (await casesForWebhooks(trx, [...new Set(events.flatMap((event) => (event.case_id ? [event.case_id] : [])))])).map((row) => [
          row.id,
          row,
        ]),
      );
      const problems = new Map(
        (await problemsForWebhooks(trx, [...new Set(events.flatMap((event) => (event.problem_id ? [event.problem_id] : [])))])).map(
          (row) => [row.id, row],
        ),
      );
      const now = context.clock.now().toISOString();
      const deliveries = events.flatMap((event) => {
        const type = typeOf(event);
        if (type === null) return [];
        const takers = subscriptions.filter((subscription) => subscription.events.has(type) && subscription.createdAt <= event.at);
        if (takers.length === 0) return [];
        const base = {
          eventId: event.id,
          actorUserId: event.actor_user_id,
          details: JSON.parse(event.data_json) as Record<string, unknown>,
        };
        let body: WebhookPayload;
        if (type === 'problem.created') {
          const problem = event.problem_id ? problems.get(event.problem_id) : undefined;
          // Gone before it was sent out (removed in the same breath): nothing left to tell.
          if (!problem) return [];
          body = {
            type,
            timestamp: event.at,
            data: {
              ...base,
              problem: {
                id: problem.id,
                title: problem.title,
                description: problem.description,
                status: problem.status,
                ownerUserId: problem.owner_user_id,
                createdAt: problem.created_at,
                url: `${context.publicUrl}/problems/${problem.id}`,
              },
            },
          };
        } else {
          const caseRow = event.case_id ? cases.get(event.case_id) : undefined;
          if (!caseRow) return [];
          body = {
            type,
            timestamp: event.at,
            data: {
              ...base,
              case: {
                id: caseRow.id,
                number: caseRow.number,
                title: caseRow.title,
                kind: caseRow.kind,
                status: caseRow.status,
                level: Number(caseRow.level),
                organizationId: caseRow.organization_id,
                organizationName: caseRow.organization_name,
                departmentId: caseRow.department_id,
                assigneeUserId: caseRow.assignee_user_id,
                receivedAt: caseRow.received_at,
                updatedAt: caseRow.updated_at,
                url: `${context.publicUrl}/cases/${caseRow.id}`,
              },
            },
          };
        }
        const payload = JSON.stringify(body);
        return takers.map((subscription) => ({
          id: newId(),
          subscription_id: subscription.id,
          message_id: webhookMessageId(event.id),
          event_type: type,
          payload_json: payload,
          created_at: now,
          status: 'pending',
          attempts: 0,
          next_attempt_at: now,
        }));
      });
      await insertWebhookDeliveries(trx, deliveries);
      await deleteQueuedWebhookEvents(
        trx,
        events.map((event) => event.id),
      );
      return events.length;
    });
    read += taken;
    if (taken < BATCH) return read;
  }
}
