import { z } from 'zod';
import { OUTBOX_STATUSES, type OutboxSummaryRow } from '../../storage/repositories/outbox.js';
import type { NotificationRow } from '../../storage/repositories/notifications.js';

/** Outgoing mail as admins see it (no bodies), and a user's in-app notifications. */
export const outboxView = z.object({
  id: z.string(),
  kind: z.string(),
  to: z.string(),
  recipientUserId: z.string().nullable(),
  language: z.string(),
  subject: z.string(),
  status: z.enum(OUTBOX_STATUSES),
  attempts: z.number().int(),
  nextAttemptAt: z.string(),
  lastError: z.string().nullable(),
  messageId: z.string(),
  caseId: z.string().nullable(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
});
export const presentOutbox = (row: OutboxSummaryRow): z.infer<typeof outboxView> => ({
  id: row.id,
  kind: row.kind,
  to: row.to_address,
  recipientUserId: row.recipient_user_id,
  language: row.language,
  subject: row.subject,
  status: row.status as z.infer<typeof outboxView>['status'],
  attempts: row.attempts,
  nextAttemptAt: row.next_attempt_at,
  lastError: row.last_error,
  messageId: row.message_id,
  caseId: row.case_id,
  createdAt: row.created_at,
  sentAt: row.sent_at,
});

export const notificationView = z.object({
  id: z.string(),
  kind: z.string(),
  caseId: z.string().nullable(),
  title: z.string(),
  body: z.string(),
  link: z.string().nullable(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export const presentNotification = (row: NotificationRow): z.infer<typeof notificationView> => ({
  id: row.id,
  kind: row.kind,
  caseId: row.case_id,
  title: row.title,
  body: row.body,
  link: row.link,
  createdAt: row.created_at,
  readAt: row.read_at,
});
