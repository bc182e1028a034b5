import { mayConfirmServiceRecord } from '../../domain/access/policies/cases.js';
import type { Actor } from '../../domain/access/permissions.js';
import type { Language } from '../../domain/access/roles.js';
import type { Executor } from '../../storage/db.js';
import { findCaseById, findCaseForUpdate, updateCaseRow, type CaseRow } from '../../storage/repositories/cases.js';
import { findContactById } from '../../storage/repositories/organizations.js';
import { insertConfirmation } from '../../storage/repositories/service-records.js';
import { findUserById } from '../../storage/repositories/users.js';
import { recordChange } from '../audit.js';
import { loadCaseFor } from '../cases/case-access.js';
import { mailsPortalTo } from '../cases/case-mail.js';
import { recordCaseEvent } from '../cases/case-events.js';
import { newId, type ServiceContext } from '../context.js';
import { conflict } from '../errors.js';
import { checkSignedLink, useSignedLink } from './signed-links.js';
import { isLanguage } from './view-service-record.js';

/** Where a confirmation came from, for the timeline: the network address and the browser. */
export interface RequestOrigin {
  ip: string | null;
  userAgent: string | null;
}

function refuseUnlessResolved(row: CaseRow): void {
  if (row.status === 'confirmed') throw conflict('serviceLoop.errors.alreadyConfirmed', { number: row.number }, 'status');
  if (row.status !== 'resolved')
    throw conflict('serviceLoop.errors.notAwaitingConfirmation', { number: row.number, status: row.status }, 'status');
}

/** Records the confirmation and moves the case resolved → confirmed, both on the timeline. */
async function confirm(
  trx: Executor,
  context: ServiceContext,
  row: CaseRow,
  who: { userId: string | null; name: string; email: string | null; method: 'portal' | 'link'; linkId: string | null; note: string | null },
  origin: RequestOrigin,
): Promise<void> {
  const at = context.clock.now().toISOString();
  const id = newId();
  await insertConfirmation(trx, {
    id,
    case_id: row.id,
    method: who.method,
    confirmed_by_user_id: who.userId,
    confirmed_by_name: who.name,
    confirmed_by_email: who.email,
    link_id: who.linkId,
    note: who.note,
    ip: origin.ip,
    user_agent: origin.userAgent?.slice(0, 500) ?? null,
    at,
  });
  await updateCaseRow(trx, row.id, { status: 'confirmed', updated_at: at });
  await recordCaseEvent(trx, {
    caseId: row.id,
    at,
    kind: 'case.transitioned',
    actorUserId: who.userId,
    visibility: 'public',
    data: { from: 'resolved', to: 'confirmed', note: who.note, reopened: false },
  });
  await recordCaseEvent(trx, {
    caseId: row.id,
    at,
    kind: 'service-record.confirmed',
    actorUserId: who.userId,
    visibility: 'public',
    data: {
      confirmationId: id,
      method: who.method,
      name: who.name,
      email: who.email,
      ip: origin.ip,
      userAgent: origin.userAgent,
      note: who.note,
    },
  });
  await recordChange(trx, {
    at,
    actorUserId: who.userId,
    clientAddress: origin.ip,
    action: 'service-record.confirm',
    entityType: 'case',
    entityId: row.id,
    before: { status: 'resolved' },
    after: { status: 'confirmed', method: who.method, name: who.name, ip: origin.ip },
  });
}

/** The customer confirms the service record of their own resolved case in the portal. */
export async function confirmServiceRecord(
  context: ServiceContext,
  actor: Actor,
  caseId: string,
  input: { note?: string | undefined },
  origin: RequestOrigin,
): Promise<void> {
  await context.storage.transaction(async (trx) => {
    // The confirmation is the customer's word; staff record theirs as a note, not as a confirmation.
    const row = await loadCaseFor(trx, actor, caseId, mayConfirmServiceRecord, { forUpdate: true });
    refuseUnlessResolved(row);
    const user = await findUserById(trx, actor.userId);
    await confirm(
      trx,
      context,
      row,
      {
        userId: actor.userId,
        name: user?.name ?? '',
        email: user?.email ?? null,
        method: 'portal',
        linkId: null,
        note: input.note?.trim() || null,
      },
      origin,
    );
  });
}

/**
 * `portal`: whether the case's contact can sign in to the portal, so the page may point there (`mailsPortalTo`);
 * `language`: the contact's, for the page of an expired link, which carries none of its own.
 */
export type LinkConfirmationResult =
  | { state: 'confirmed'; caseNumber: string; portal: boolean }
  | { state: 'already-confirmed' | 'not-resolved' | 'superseded'; caseNumber: string }
  | { state: 'expired'; portal: boolean; language: Language | null }
  | { state: 'used' | 'forged' };

/**
 * Why a genuine, unused link cannot confirm the case now: confirmed already, not resolved (reopened), or mailed for an
 * earlier resolution — a case reopened and resolved again needs the customer to see the new record.
 */
function refusalFor(row: CaseRow, linkCreatedAt: string): Exclude<LinkConfirmationResult, { state: 'confirmed' }> | null {
  if (row.status === 'confirmed') return { state: 'already-confirmed', caseNumber: row.number };
  if (row.status !== 'resolved') return { state: 'not-resolved', caseNumber: row.number };
  if (row.resolved_at !== null && linkCreatedAt < row.resolved_at) return { state: 'superseded', caseNumber: row.number };
  return null;
}

/** What the page behind an e-mailed link shows before the customer presses "confirm". */
export async function inspectConfirmationLink(
  context: ServiceContext,
  token: string,
): Promise<{ state: 'valid'; caseId: string } | Exclude<LinkConfirmationResult, { state: 'confirmed' }>> {
  const check = await checkSignedLink(context.storage.db, context, 'service-record-confirmation', token);
  if (check.state === 'expired') return { state: 'expired', ...(await expiredLinkFacts(context.storage.db, check.link.subject_id)) };
  if (check.state !== 'valid') return { state: check.state };
  const row = await findCaseById(context.storage.db, check.link.subject_id);
  if (!row) return { state: 'forged' };
  const refusal = refusalFor(row, check.link.created_at);
  return refusal ?? { state: 'valid', caseId: row.id };
}

/**
 * The customer contact confirms through the signed, expiring, single-use link mailed to them. A used, expired or
 * forged link changes nothing and says which it was.
 */
export async function confirmServiceRecordByLink(
  context: ServiceContext,
  token: string,
  input: { note?: string | undefined },
  origin: RequestOrigin,
): Promise<LinkConfirmationResult> {
  return context.storage.transaction(async (trx) => {
    const check = await checkSignedLink(trx, context, 'service-record-confirmation', token);
    if (check.state === 'expired') return { state: 'expired', ...(await expiredLinkFacts(trx, check.link.subject_id)) };
    if (check.state !== 'valid') return { state: check.state };
    const row = await findCaseForUpdate(trx, check.link.subject_id);
    if (!row) return { state: 'forged' };
    const refusal = refusalFor(row, check.link.created_at);
    if (refusal) return refusal;
    const at = context.clock.now().toISOString();
    if (!(await useSignedLink(trx, check.link.id, { at, ip: origin.ip, userAgent: origin.userAgent?.slice(0, 500) ?? null })))
      return { state: 'used' };
    const contact = row.contact_id ? await findContactById(trx, row.contact_id) : undefined;
    await confirm(
      trx,
      context,
      row,
      {
        userId: null,
        name: contact?.name ?? check.link.recipient_email ?? '',
        email: check.link.recipient_email,
        method: 'link',
        linkId: check.link.id,
        note: input.note?.trim() || null,
      },
      origin,
    );
    return { state: 'confirmed', caseNumber: row.number, portal: await mailsPortalTo(trx, row.contact_id) };
  });
}

async function expiredLinkFacts(executor: Executor, caseId: string): Promise<{ portal: boolean; language: Language | null }> {
  const row = await findCaseById(executor, caseId);
  const contact = row?.contact_id ? await findContactById(executor, row.contact_id) : undefined;
  return { portal: await mailsPortalTo(executor, row?.contact_id), language: isLanguage(contact?.language) ? contact.language : null };
}
