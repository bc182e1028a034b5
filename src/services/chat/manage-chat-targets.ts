import type { Actor } from '../../domain/access/permissions.js';
import { chatTargetAbilities, mayManageChatTargetsOf, type ChatTargetOwner } from '../../domain/access/policies/chat-targets.js';
import type { Language } from '../../domain/access/roles.js';
import { chatBody, isChatKind, SIGNED_CHAT_KINDS, type ChatKind, type ChatMessage } from '../../domain/chat/chat-messages.js';
import { isDepartmentPosition, isEscalationPosition, type EscalationPosition } from '../../domain/escalation/positions.js';
import { translate } from '../../i18n/translate.js';
import type { Executor } from '../../storage/db.js';
import {
  deleteChatTarget,
  findChatTarget,
  insertChatTarget,
  listChatTargetsOfUser,
  listPositionChatTargets,
  recordChatTargetAttempt,
  updateChatTarget,
  type ChatTargetRow,
} from '../../storage/repositories/chat-targets.js';
import { findUserById } from '../../storage/repositories/users.js';
import { recordChangeBy } from '../audit.js';
import { newId, type ServiceContext } from '../context.js';
import { forbidden, invalid, notFound } from '../errors.js';
import { positionHolder } from '../escalations/position-holders.js';
import { refusedTargetReason } from '../webhooks/outbound-address.js';
import { readAllowPrivateTargets } from '../webhooks/manage-webhooks.js';
import { postChatMessage } from './post-chat-message.js';

export interface ChatTarget {
  id: string;
  /** The position whose holder it tells; null for a user's own target. */
  position: EscalationPosition | null;
  ownerUserId: string | null;
  kind: ChatKind;
  url: string;
  label: string | null;
  /** Whether a signing secret is kept (it is never answered). */
  hasSecret: boolean;
  enabled: boolean;
  createdAt: string;
  /** The last attempt to post to it, a report or a test message. */
  lastAttempt: { at: string; delivered: boolean; statusCode: number | null; error: string | null } | null;
  can: { remove: boolean; test: boolean; change: boolean };
}

export interface NewChatTarget {
  kind: ChatKind;
  url: string;
  secret?: string | null | undefined;
  label?: string | null | undefined;
}

function ownerOf(row: ChatTargetRow): ChatTargetOwner | null {
  if (row.owner_user_id !== null) return { userId: row.owner_user_id };
  if (isEscalationPosition(row.owner_position)) return { position: row.owner_position };
  return null;
}

function present(actor: Actor, row: ChatTargetRow): ChatTarget {
  const owner = ownerOf(row);
  return {
    id: row.id,
    position: isEscalationPosition(row.owner_position) ? row.owner_position : null,
    ownerUserId: row.owner_user_id,
    kind: isChatKind(row.kind) ? row.kind : 'slack',
    url: row.url,
    label: row.label,
    hasSecret: row.secret !== null,
    enabled: row.enabled === 1,
    createdAt: row.created_at,
    lastAttempt:
      row.last_attempt_at === null
        ? null
        : { at: row.last_attempt_at, delivered: row.last_delivered === 1, statusCode: row.last_status_code, error: row.last_error },
    can: owner ? chatTargetAbilities(actor, owner) : { remove: false, test: false, change: false },
  };
}

/** A target the actor may manage; another user's is not there for them (404), a position's is refused (403). */
async function targetToManage(executor: Executor, actor: Actor, id: string): Promise<ChatTargetRow> {
  const row = await findChatTarget(executor, id);
  const owner = row ? ownerOf(row) : null;
  if (!row || !owner || ('userId' in owner && owner.userId !== actor.userId)) throw notFound('chat target', id);
  if (!mayManageChatTargetsOf(actor, owner)) throw forbidden();
  return row;
}

async function checkTarget(executor: Executor, input: NewChatTarget): Promise<void> {
  const reason = await refusedTargetReason(input.url, await readAllowPrivateTargets(executor));
  if (reason) throw invalid(`webhooks.errors.${reason}`, 'url');
  if (input.secret && !SIGNED_CHAT_KINDS.includes(input.kind)) throw invalid('chat.errors.noSecret', 'secret');
}

async function add(context: ServiceContext, actor: Actor, owner: ChatTargetOwner, input: NewChatTarget): Promise<ChatTarget> {
  if (!mayManageChatTargetsOf(actor, owner)) throw forbidden();
  return context.storage.transaction(async (trx) => {
    await checkTarget(trx, input);
    const at = context.clock.now().toISOString();
    const row: ChatTargetRow = {
      id: newId(),
      owner_user_id: 'userId' in owner ? owner.userId : null,
      owner_position: 'position' in owner ? owner.position : null,
      kind: input.kind,
      url: input.url,
      secret: input.secret?.trim() || null,
      label: input.label?.trim() || null,
      enabled: 1,
      created_by: actor.userId,
      created_at: at,
      updated_at: at,
      last_attempt_at: null,
      last_delivered: null,
      last_status_code: null,
      last_error: null,
    };
    await insertChatTarget(trx, row);
    // Without the secret: the audit log keeps what changed, never what signs.
    await recordChangeBy(trx, actor, at, 'chat-target.created', ['chat-target', row.id], {
      after: { owner, kind: row.kind, url: row.url, label: row.label, signed: row.secret !== null },
    });
    return present(actor, row);
  });
}

export async function listMyChatTargets(context: ServiceContext, actor: Actor): Promise<ChatTarget[]> {
  if (!mayManageChatTargetsOf(actor, { userId: actor.userId })) throw forbidden();
  return (await listChatTargetsOfUser(context.storage.db, actor.userId)).map((row) => present(actor, row));
}

export function addMyChatTarget(context: ServiceContext, actor: Actor, input: NewChatTarget): Promise<ChatTarget> {
  return add(context, actor, { userId: actor.userId }, input);
}

export async function listChatTargetsOfPositions(context: ServiceContext, actor: Actor): Promise<ChatTarget[]> {
  if (!mayManageChatTargetsOf(actor, { position: 'president' })) throw forbidden();
  return (await listPositionChatTargets(context.storage.db)).map((row) => present(actor, row));
}

export function addPositionChatTarget(
  context: ServiceContext,
  actor: Actor,
  input: NewChatTarget & { position: EscalationPosition },
): Promise<ChatTarget> {
  return add(context, actor, { position: input.position }, input);
}

export async function removeChatTarget(context: ServiceContext, actor: Actor, id: string): Promise<void> {
  await context.storage.transaction(async (trx) => {
    const row = await targetToManage(trx, actor, id);
    await deleteChatTarget(trx, id);
    await recordChangeBy(trx, actor, context.clock.now().toISOString(), 'chat-target.removed', ['chat-target', id], {
      before: { owner: ownerOf(row), kind: row.kind, url: row.url, label: row.label },
    });
  });
}

/** Switches a target off (its reports are kept waiting, not sent) or on again. */
export async function changeChatTarget(
  context: ServiceContext,
  actor: Actor,
  id: string,
  changes: { enabled: boolean },
): Promise<ChatTarget> {
  return context.storage.transaction(async (trx) => {
    await targetToManage(trx, actor, id);
    await updateChatTarget(trx, id, { enabled: changes.enabled ? 1 : 0, updated_at: context.clock.now().toISOString() });
    return present(actor, (await findChatTarget(trx, id))!);
  });
}

/** The language a test message is written in: the owner's, or for a position its company-wide holder's (else the sender's). */
async function recipientLanguage(executor: Executor, actor: Actor, row: ChatTargetRow): Promise<Language> {
  const own = (await findUserById(executor, actor.userId))?.language ?? 'en';
  const position = isEscalationPosition(row.owner_position) ? row.owner_position : null;
  if (position === null || isDepartmentPosition(position)) return own;
  return (await positionHolder(executor, position, null))?.language ?? own;
}

function testMessage(context: ServiceContext, language: Language, row: ChatTargetRow, kind: ChatKind): ChatMessage {
  const t = (key: string, params: Record<string, unknown> = {}) => translate(language, key, params);
  const position = isEscalationPosition(row.owner_position) ? row.owner_position : null;
  return {
    title: t('chat.test.title'),
    facts: [
      { label: t('chat.test.target'), value: row.label ?? t(`chat.kinds.${kind}`) },
      { label: t('chat.test.reaches'), value: position ? t(`positions.${position}`) : t('chat.test.you') },
    ],
    link: { label: t('chat.test.open'), url: `${context.publicUrl}/${position ? 'admin/positions' : 'account'}` },
  };
}

/**
 * Sends a test message to a target now, through the same guard and signing as the reports, and records the result
 * as its last attempt. Not queued and not retried: its owner sees at once whether it arrived.
 */
export async function testChatTarget(context: ServiceContext, actor: Actor, id: string): Promise<ChatTarget> {
  const { row, language, allowPrivate } = await context.storage.transaction(async (trx) => {
    const found = await targetToManage(trx, actor, id);
    return { row: found, language: await recipientLanguage(trx, actor, found), allowPrivate: await readAllowPrivateTargets(trx) };
  });
  const kind = isChatKind(row.kind) ? row.kind : 'slack';
  const body = JSON.stringify(chatBody(kind, testMessage(context, language, row, kind)));
  const outcome = await postChatMessage({ kind, url: row.url, secret: row.secret }, body, {
    allowPrivate,
    timeoutMs: 10_000,
    nowMs: context.clock.now().getTime(),
  });
  const at = context.clock.now().toISOString();
  await context.storage.transaction((trx) =>
    recordChatTargetAttempt(trx, id, {
      at,
      delivered: outcome.delivered,
      statusCode: outcome.statusCode,
      error: outcome.error?.slice(0, 1000) ?? null,
    }),
  );
  const saved = await findChatTarget(context.storage.db, id);
  if (!saved) throw notFound('chat target', id);
  return present(actor, saved);
}
