import type { Language } from '../../domain/access/roles.js';
import { chatBody, isChatKind, type ChatMessage } from '../../domain/chat/chat-messages.js';
import type { EscalationPosition } from '../../domain/escalation/positions.js';
import { hoursText } from '../../i18n/durations.js';
import { translate } from '../../i18n/translate.js';
import type { Executor } from '../../storage/db.js';
import { enabledChatTargetsFor, insertChatDeliveries } from '../../storage/repositories/chat-targets.js';
import { newId, type ServiceContext } from '../context.js';

/** An upgrading report as a chat message, in the words of `language`. */
export function escalationChatMessage(
  language: Language,
  report: {
    caseNumber: string;
    caseTitle: string;
    level: number | string;
    hoursUnresolved: number;
    customerName: string;
    position: EscalationPosition;
    caseUrl: string;
  },
): ChatMessage {
  const t = (key: string, params: Record<string, unknown> = {}) => translate(language, key, params);
  const level = String(report.level);
  return {
    title: t('chat.escalation.title', { number: report.caseNumber, level, hours: report.hoursUnresolved }),
    facts: [
      { label: t('chat.facts.case'), value: `${report.caseNumber} ${report.caseTitle}` },
      { label: t('chat.facts.level'), value: t('chat.levelValue', { level, definition: t(`level.${level}.definition`) }) },
      { label: t('chat.facts.customer'), value: report.customerName },
      { label: t('chat.facts.unresolved'), value: hoursText(language, report.hoursUnresolved) },
      { label: t('chat.facts.position'), value: t(`positions.${report.position}`) },
    ],
    link: { label: t('chat.openCase'), url: report.caseUrl },
  };
}

/** A missed first-response target as a chat message to the department manager, in the words of `language`. */
export function firstResponseBreachChatMessage(
  language: Language,
  breach: {
    caseNumber: string;
    caseTitle: string;
    level: number | string;
    customerName: string;
    hoursUnresolved: number;
    dueAt: string;
    caseUrl: string;
  },
): ChatMessage {
  const t = (key: string, params: Record<string, unknown> = {}) => translate(language, key, params);
  const level = String(breach.level);
  return {
    title: t('chat.firstResponse.title', { number: breach.caseNumber, level }),
    facts: [
      { label: t('chat.facts.case'), value: `${breach.caseNumber} ${breach.caseTitle}` },
      { label: t('chat.facts.level'), value: t('chat.levelValue', { level, definition: t(`level.${level}.definition`) }) },
      { label: t('chat.facts.customer'), value: breach.customerName },
      { label: t('chat.facts.unresolved'), value: hoursText(language, breach.hoursUnresolved) },
      { label: t('chat.facts.firstResponseDue'), value: breach.dueAt },
    ],
    link: { label: t('chat.openCase'), url: breach.caseUrl },
  };
}

/**
 * Queues `message` for every enabled chat target of the recipient and of their position, in the caller's
 * transaction (the one that writes what the message tells). `messageId` names what is told and to whom: a target
 * that already has it queued is not given it twice. The chat sender posts them afterwards; a chat that fails never
 * holds up the mail.
 */
async function queueChat(
  executor: Executor,
  context: ServiceContext,
  input: { recipientUserId: string; position: EscalationPosition; messageId: string; kind: string; caseId: string; message: ChatMessage },
): Promise<number> {
  const targets = (await enabledChatTargetsFor(executor, input.recipientUserId, input.position)).flatMap((target) =>
    isChatKind(target.kind) ? [{ id: target.id, kind: target.kind }] : [],
  );
  if (targets.length === 0) return 0;
  const now = context.clock.now().toISOString();
  await insertChatDeliveries(
    executor,
    targets.map((target) => ({
      id: newId(),
      target_id: target.id,
      message_id: input.messageId,
      kind: input.kind,
      case_id: input.caseId,
      body_json: JSON.stringify(chatBody(target.kind, input.message)),
      created_at: now,
      status: 'pending',
      attempts: 0,
      next_attempt_at: now,
    })),
  );
  return targets.length;
}

/**
 * Queues an upgrading report for every enabled chat target it reaches — the holder's own and the position's — in the
 * caller's transaction (the one that fires the step and queues its mail), in the holder's language. The message id
 * names the case, the position and the holder, so a report already queued for a target is not queued twice.
 */
export async function queueEscalationChat(
  executor: Executor,
  context: ServiceContext,
  report: {
    caseId: string;
    holderUserId: string;
    language: Language;
    position: EscalationPosition;
    message: Parameters<typeof escalationChatMessage>[1];
  },
): Promise<number> {
  return queueChat(executor, context, {
    recipientUserId: report.holderUserId,
    position: report.position,
    messageId: `escalation:${report.caseId}:${report.position}:${report.holderUserId}`,
    kind: 'escalation',
    caseId: report.caseId,
    message: escalationChatMessage(report.language, report.message),
  });
}

/**
 * Queues a missed first-response target for the department manager's chats (their own and the department-manager
 * position's), in the transaction that takes the breach: like the mail, once per case however many instances run.
 */
export async function queueFirstResponseBreachChat(
  executor: Executor,
  context: ServiceContext,
  breach: { caseId: string; managerUserId: string; language: Language; message: Parameters<typeof firstResponseBreachChatMessage>[1] },
): Promise<number> {
  return queueChat(executor, context, {
    recipientUserId: breach.managerUserId,
    position: 'department-manager',
    messageId: `first-response-breached:${breach.caseId}`,
    kind: 'first-response-breached',
    caseId: breach.caseId,
    message: firstResponseBreachChatMessage(breach.language, breach.message),
  });
}
