import type { Actor } from '../../domain/access/permissions.js';
import { sendDraftsWith } from '../attachments/case-attachments.js';
import { mayAddNote, respondsForTheCompany } from '../../domain/access/policies/cases.js';
import { reopensOnCustomerReply } from '../../domain/cases/case-lifecycle.js';
import { updateCaseRow } from '../../storage/repositories/cases.js';
import { findUserById, type UserRow } from '../../storage/repositories/users.js';
import type { ServiceContext } from '../context.js';
import { notifyCaseEvent } from '../notifications/notify-case-event.js';
import { loadCaseFor } from './case-access.js';
import { recordCaseEvent } from './case-events.js';
import { mailPublicReply } from './case-mail.js';
import { firstResponseColumns } from './first-response.js';
import { transitionCaseIn } from './transition-case.js';

/**
 * An internal note (staff only) or a public reply (staff and the case's customer) on the timeline, with the files
 * uploaded for it (`attachmentIds`), which take the message's visibility. A public reply is also mailed to the
 * case's contact and CC addresses, with its files, in the same transaction; an internal note never leaves. The text
 * may be empty when files are sent (the route refuses a message with neither). A customer's public message on a
 * resolved or confirmed case reopens it first, as their mailed reply does (`reopensOnCustomerReply`): the timeline
 * names them as who reopened it and the staff are told (`case-reopened`), then of the message (`customer-replied`).
 */
export async function addCaseNote(
  context: ServiceContext,
  actor: Actor,
  caseId: string,
  input: { body: string; visibility: 'internal' | 'public'; attachmentIds?: readonly string[] | undefined },
): Promise<void> {
  await context.storage.transaction(async (trx) => {
    const loaded = await loadCaseFor(trx, actor, caseId, (who, record) => mayAddNote(who, record, input.visibility), { forUpdate: true });
    const byCustomer = input.visibility === 'public' && !respondsForTheCompany(actor);
    const author = input.visibility === 'public' ? await findUserById(trx, actor.userId) : undefined;
    const row =
      byCustomer && reopensOnCustomerReply(loaded.status)
        ? await transitionCaseIn(trx, context, actor, caseId, { to: 'in_progress' }, reopenedBy(actor.userId, author))
        : loaded;
    const at = context.clock.now().toISOString();
    await updateCaseRow(trx, caseId, {
      updated_at: at,
      ...(await firstResponseColumns(trx, actor, row, at, input.visibility === 'public' ? 'public-reply' : 'internal-note')),
    });
    const eventId = await recordCaseEvent(trx, {
      caseId,
      at,
      kind: 'case.note',
      actorUserId: actor.userId,
      visibility: input.visibility,
      data: { body: input.body },
    });
    const files = await sendDraftsWith(trx, actor, caseId, input.attachmentIds ?? [], { eventId, visibility: input.visibility });
    if (input.visibility !== 'public') return;
    // The customer's own reply reaches the assignee (or the department while nobody has the case).
    if (byCustomer)
      await notifyCaseEvent(trx, context, {
        kind: 'customer-replied',
        row,
        actorUserId: actor.userId,
        actorName: author?.name ?? '',
        eventKey: eventId,
        via: 'portal',
        excerpt: input.body.slice(0, 500),
      });
    await mailPublicReply(trx, context, {
      row,
      author: { name: author?.name ?? '', email: author?.email ?? '' },
      body: input.body,
      files: files.map((file) => ({ id: file.id, fileName: file.file_name })),
    });
  });
}

/** The customer's account as the contact who reopened a case, named in the timeline as a mailed reply names its sender. */
function reopenedBy(userId: string, author: UserRow | undefined): { byContact?: { id: string; name: string; userId: string } } {
  return author?.contact_id ? { byContact: { id: author.contact_id, name: author.name, userId } } : {};
}
