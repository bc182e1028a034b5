/** The events a webhook subscription may ask for (Standard Webhooks `type`). */
export const WEBHOOK_EVENT_TYPES = [
  'case.created',
  'case.updated',
  'case.status_changed',
  'case.level_changed',
  'case.assigned',
  'case.reply_added',
  'escalation.fired',
  'escalation.acknowledged',
  'service_record.confirmed',
  'survey.answered',
  'problem.created',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** Which webhook event a case timeline event is; null for what is not sent out (an internal note, a mail sent…). */
export function webhookTypeOfCaseEvent(kind: string, visibility: string): WebhookEventType | null {
  switch (kind) {
    case 'case.created':
      return 'case.created';
    case 'case.updated':
      return 'case.updated';
    case 'case.transitioned':
      return 'case.status_changed';
    case 'case.level-changed':
      return 'case.level_changed';
    case 'case.assigned':
      return 'case.assigned';
    case 'case.note':
      return visibility === 'public' ? 'case.reply_added' : null;
    case 'escalation.fired':
      return 'escalation.fired';
    case 'escalation.acknowledged':
      return 'escalation.acknowledged';
    case 'service-record.confirmed':
      return 'service_record.confirmed';
    case 'survey.answered':
      return 'survey.answered';
    default:
      return null;
  }
}

/** The Standard Webhooks message id of an event: derived from the event's own id, so it never changes. */
export function webhookMessageId(eventId: string): string {
  return `msg_${eventId.replace(/-/g, '')}`;
}

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/**
 * The wait before each retry, after the first attempt failed (the schedule the Standard Webhooks specification
 * suggests): 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h — eight attempts over about 27 hours, then the delivery is
 * given up ('failed') until an admin redelivers it.
 */
export const WEBHOOK_RETRY_DELAYS_MS: readonly number[] = [5 * SECOND, 5 * MINUTE, 30 * MINUTE, 2 * HOUR, 5 * HOUR, 10 * HOUR, 10 * HOUR];

/** When the delivery that has failed `attempts` times is tried next; null when its retries are used up. */
export function nextWebhookAttemptAt(failedAt: Date, attempts: number): Date | null {
  const delay = WEBHOOK_RETRY_DELAYS_MS[attempts - 1];
  return delay === undefined ? null : new Date(failedAt.getTime() + delay);
}

/**
 * A subscription is switched off when its receiver has failed every attempt for a day: at least
 * `failures` attempts in a row, the first of them `failingForMs` or longer ago. A short outage (or one event retried a
 * few times) does not switch it off; one delivered attempt starts the count again.
 */
export const WEBHOOK_DISABLE_RULE = { failures: 5, failingForMs: 24 * HOUR } as const;

export function shouldDisableWebhook(
  subscription: { consecutiveFailures: number; failingSince: string | null },
  now: Date,
  rule: { failures: number; failingForMs: number } = WEBHOOK_DISABLE_RULE,
): boolean {
  if (subscription.failingSince === null || subscription.consecutiveFailures < rule.failures) return false;
  return now.getTime() - new Date(subscription.failingSince).getTime() >= rule.failingForMs;
}

/** The case as a webhook tells it. */
export interface WebhookCase {
  id: string;
  number: string;
  title: string;
  kind: string;
  status: string;
  level: number;
  organizationId: string;
  organizationName: string;
  departmentId: string | null;
  assigneeUserId: string | null;
  receivedAt: string;
  updatedAt: string;
  url: string;
}

export interface WebhookProblem {
  id: string;
  title: string;
  description: string;
  status: string;
  ownerUserId: string;
  createdAt: string;
  url: string;
}

interface PayloadData {
  eventId: string;
  actorUserId: string | null;
  details: Record<string, unknown>;
}

/** The body of a webhook (Standard Webhooks: `type`, `timestamp`, `data`): a problem's for `problem.created`, a case's otherwise. */
export type WebhookPayload =
  | { type: Exclude<WebhookEventType, 'problem.created'>; timestamp: string; data: PayloadData & { case: WebhookCase } }
  | { type: 'problem.created'; timestamp: string; data: PayloadData & { problem: WebhookProblem } };
