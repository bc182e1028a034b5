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

/**
 * Queues an upgrading report for every enabled chat target it reaches — the holder's own and the position's — in the
 * caller's transaction (the one that fires the step and queues its mail), in the holder's language. The message id
 * names the case, the position and the holder, so a report already queued for a target is not queued twice. The
 * chat sender posts them afterwards; a chat that fails never holds up the mail.
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
  const targets = (await enabledChatTargetsFor(executor, report.holderUserId, report.position)).flatMap((target) =>
    isChatKind(target.kind) ? [{ id: target.id, kind: target.kind }] : [],
  );
  if (targets.length === 0) return 0;
  const message = escalationChatMessage(report.language, report.message);
  const now = context.clock.now().toISOString();
  await insertChatDeliveries(
    executor,
    targets.map((target) => ({
      id: newId(),
      target_id: target.id,
      message_id: `escalation:${report.caseId}:${report.position}:${report.holderUserId}`,
      kind: 'escalation',
      case_id: report.caseId,
      body_json: JSON.stringify(chatBody(target.kind, message)),
      created_at: now,
      status: 'pending',
      attempts: 0,
      next_attempt_at: now,
    })),
  );
  return targets.length;
}
