import { z } from 'zod';
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from '../../domain/webhooks/webhook-events.js';

/** The case as it stands when the event is sent out (a few seconds after the change at most). */
const webhookCase = z.object({
  id: z.string(),
  number: z.string().describe('The case number, e.g. 2026-000123'),
  title: z.string(),
  kind: z.string(),
  status: z.string(),
  level: z.number().int().describe('1 (most urgent) to 4'),
  organizationId: z.string(),
  organizationName: z.string(),
  departmentId: z.string().nullable(),
  assigneeUserId: z.string().nullable(),
  receivedAt: z.string(),
  updatedAt: z.string(),
  url: z.string().describe('The case in the web app'),
});

const webhookProblem = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  status: z.string(),
  ownerUserId: z.string(),
  createdAt: z.string(),
  url: z.string(),
});

/** What each event's `data.details` holds: the timeline entry's own data. */
const DETAILS: Record<WebhookEventType, string> = {
  'case.created': 'The intake details of the new case (channel, serial numbers, …).',
  'case.updated': 'The fields changed, each with its new value.',
  'case.status_changed': '`from`, `to` (statuses), `note` (or null), `reopened` (boolean).',
  'case.level_changed': '`from`, `to` (levels 1–4), `reason`, `direction` (`raised` or `lowered`).',
  'case.assigned': '`assigneeId` and/or `departmentId`: the new assignee or department.',
  'case.reply_added': 'The public reply: `body`, and who wrote it (staff in the app, the customer in the portal or by mail).',
  'escalation.fired': 'The upgrading report that fired: its step, position and level, and who was told.',
  'escalation.acknowledged':
    '`stepId`, `position` (whose upgrading report); when acknowledged on behalf of its recipients also `onBehalfOf` (their names) and `reason`. `actorUserId` is who acknowledged it.',
  'service_record.confirmed':
    '`confirmationId`, `method` (`portal` or `link`), `name`, `email`, `ip`, `userAgent` and `note` of who confirmed it.',
  'survey.answered': '`surveyId`, `channel`, `scores` (per question) and `comment`.',
  'problem.created': '`title`, `fromCaseId` and `fromCaseNumber` when opened from a case, or the proposal it was accepted from.',
};

function payloadOf(type: WebhookEventType) {
  const subject = type === 'problem.created' ? { problem: webhookProblem } : { case: webhookCase };
  return z
    .object({
      type: z.literal(type),
      timestamp: z.string().describe('When it happened (ISO 8601)'),
      data: z.object({
        eventId: z.string().describe('The event’s id; `webhook-id` is `msg_` and this id without hyphens'),
        actorUserId: z.string().nullable().describe('Who did it; null when CaseDesk did (an escalation tick, a mail)'),
        ...subject,
        details: z.record(z.string(), z.unknown()).describe(DETAILS[type]),
      }),
    })
    .describe(`\`${type}\``);
}

/**
 * The body of every webhook, one schema per event type (Standard Webhooks: `type`, `timestamp`, `data`); this is
 * what the OpenAPI document shows for each event.
 */
export const webhookPayloadSchema = z.discriminatedUnion(
  'type',
  WEBHOOK_EVENT_TYPES.map(payloadOf) as unknown as [ReturnType<typeof payloadOf>, ...ReturnType<typeof payloadOf>[]],
);
