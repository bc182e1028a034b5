import type { Actor } from '../../domain/access/permissions.js';
import { maySendConfirmationLink } from '../../domain/access/policies/service-records.js';
import type { Language } from '../../domain/access/roles.js';
import { renderConfirmationMail } from '../../mail/templates/confirmation-mail.js';
import type { Executor } from '../../storage/db.js';
import type { CaseRow } from '../../storage/repositories/cases.js';
import { findContactById } from '../../storage/repositories/organizations.js';
import { recordChangeBy } from '../audit.js';
import { loadCaseFor } from '../cases/case-access.js';
import type { ServiceContext } from '../context.js';
import { conflict, invalid } from '../errors.js';
import { enqueueMail } from '../notifications/enqueue-mail.js';
import { mailsPortalTo } from '../cases/case-mail.js';
import { recordCaseEvent } from '../cases/case-events.js';
import { issueSignedLink } from './signed-links.js';

export const CONFIRMATION_LINK_DAYS = 14;

/**
 * Mails the case contact a signed link that confirms the service record, in the caller's transaction. Returns
 * null when the case has no contact with an e-mail (the customer can still confirm in the portal).
 */
export async function mailConfirmationLink(
  executor: Executor,
  context: ServiceContext,
  row: CaseRow,
  actorUserId: string | null,
): Promise<{ to: string; expiresAt: string } | null> {
  const contact = row.contact_id ? await findContactById(executor, row.contact_id) : undefined;
  // A retired contact is mailed nothing: the customer confirms in the portal instead.
  if (!contact?.email || contact.retired_at !== null) return null;
  const language: Language = contact.language === 'zh-CN' ? 'zh-CN' : 'en';
  const link = await issueSignedLink(executor, context, {
    purpose: 'service-record-confirmation',
    subjectId: row.id,
    recipientEmail: contact.email,
    validDays: CONFIRMATION_LINK_DAYS,
  });
  const url = `${context.publicUrl.replace(/\/$/, '')}/public/service-record-confirmations/${link.token}`;
  const mail = renderConfirmationMail({
    language,
    contactName: contact.name,
    caseNumber: row.number,
    caseTitle: row.title,
    url,
    expiresAt: link.expiresAt,
    portal: await mailsPortalTo(executor, contact.id),
  });
  await enqueueMail(executor, context, {
    kind: 'service-record-confirmation',
    to: contact.email,
    recipientUserId: null,
    language,
    ...mail,
    dedupeKey: `service-record-confirmation:${link.id}`,
    caseId: row.id,
  });
  await recordCaseEvent(executor, {
    caseId: row.id,
    at: context.clock.now().toISOString(),
    kind: 'service-record.link-sent',
    actorUserId,
    visibility: 'internal',
    data: { to: contact.email, expiresAt: link.expiresAt },
  });
  return { to: contact.email, expiresAt: link.expiresAt };
}

/** Staff send (again) the confirmation link of a resolved case, e.g. when the first mail was lost or expired. */
export async function sendConfirmationLink(
  context: ServiceContext,
  actor: Actor,
  caseId: string,
): Promise<{ to: string; expiresAt: string }> {
  return context.storage.transaction(async (trx) => {
    const row = await loadCaseFor(trx, actor, caseId, maySendConfirmationLink);
    if (row.status !== 'resolved')
      throw conflict('serviceLoop.errors.notAwaitingConfirmation', { number: row.number, status: row.status }, 'status');
    const sent = await mailConfirmationLink(trx, context, row, actor.userId);
    if (!sent) throw invalid('serviceLoop.errors.contactWithoutEmail', 'contactId', { number: row.number });
    await recordChangeBy(trx, actor, context.clock.now().toISOString(), 'service-record.send-link', ['case', caseId], { after: sent });
    return sent;
  });
}
