import { pageById } from '../paging.js';
import type { Actor } from '../../domain/access/permissions.js';
import { inboundMailRights, mayReadInboundMail } from '../../domain/access/policies/inbound-mail.js';
import type { Language } from '../../domain/access/roles.js';
import { findContactById, findOrganizationById } from '../../storage/repositories/organizations.js';
import { findInboundMailById, listInboundMail, settleWaitingMail, type InboundMailRow } from '../../storage/repositories/inbound-mail.js';
import type { Page } from '../../storage/repositories/pagination.js';
import { recordChangeBy } from '../audit.js';
import { nowIso, type ServiceContext } from '../context.js';
import { conflict, forbidden, invalid, notFound, ServiceError } from '../errors.js';
import { addContact } from '../organizations/manage-organizations.js';
import { openCaseFromMail, withMailFiles } from './receive-inbound-mail.js';

export type InboundMailSummary = Omit<InboundMailRow, 'raw'>;

export async function listInboundMailPage(
  context: ServiceContext,
  actor: Actor,
  query: { status?: string | undefined; cursor?: string | undefined; limit: number },
): Promise<Page<InboundMailSummary>> {
  if (!mayReadInboundMail(actor)) throw forbidden();
  return pageById(query, (page) => listInboundMail(context.storage.db, { status: query.status, ...page }));
}

/** One mail with its raw source, so staff can see the original exactly as it came. */
export async function getInboundMail(context: ServiceContext, actor: Actor, id: string): Promise<InboundMailRow> {
  if (!mayReadInboundMail(actor)) throw forbidden();
  const row = await findInboundMailById(context.storage.db, id);
  if (!row) throw notFound('inbound-mail', id);
  return row;
}

export interface AssignInboundMailInput {
  organizationId: string;
  /** An existing contact of the organisation, or `newContact` to make one from the sender. */
  contactId?: string | undefined;
  newContact?: { name: string; email?: string | null | undefined; language?: Language | undefined } | undefined;
}

/**
 * Staff decide whom a mail is from: an unmatched mail, a mail wrongly ignored (a customer's mail over the hourly limit),
 * or a refused mail that failed to go in, becomes a case of that organisation and contact (a new contact when the
 * sender was unknown). Only a mail still waiting so is taken; two people sorting it at once give one case.
 */
export async function assignInboundMail(
  context: ServiceContext,
  actor: Actor,
  id: string,
  input: AssignInboundMailInput,
): Promise<InboundMailRow> {
  const mail = await getInboundMail(context, actor, id);
  if (!inboundMailRights(actor, mail).assign) throw conflict('errors.inboundMailHandled', { status: mail.status });
  if (!input.contactId && !input.newContact) throw invalid('errors.contactOrNewContact', 'contactId');
  if (!(await findOrganizationById(context.storage.db, input.organizationId))) throw notFound('organization', input.organizationId);
  let contactId = input.contactId ?? null;
  if (contactId) {
    const contact = await findContactById(context.storage.db, contactId);
    if (!contact || contact.organization_id !== input.organizationId)
      throw invalid('errors.unknownReference', 'contactId', { entity: 'contact', id: contactId });
  } else if (input.newContact) {
    contactId = (
      await addContact(context, actor, input.organizationId, {
        name: input.newContact.name,
        email: input.newContact.email === undefined ? mail.from_address : input.newContact.email,
        language: input.newContact.language,
      }).catch((error: unknown) => {
        // The new contact's fields are `newContact.*` in this request (an address another contact has, say).
        if (error instanceof ServiceError && error.field)
          throw new ServiceError(error.kind, error.messageKey, error.params, `newContact.${error.field}`, error.extra);
        throw error;
      })
    ).id;
  }
  const at = nowIso(context);
  // The mail's files are read again from its stored source (the parser loads only when a mail needs it).
  const { parseInboundMail } = await import('../../mail/inbound-message.js');
  const { attachments } = await parseInboundMail(Buffer.from(mail.raw, 'utf8'));
  await withMailFiles(context, attachments, (files) =>
    context.storage.transaction(async (trx) => {
      const caseId = await openCaseFromMail(
        trx,
        context,
        { subject: mail.subject, text: mail.text_body, fromAddress: mail.from_address, fromName: mail.from_name, attachments },
        input.organizationId,
        contactId!,
        files,
      );
      if (
        !(await settleWaitingMail(trx, id, mail.status, { status: 'assigned', case_id: caseId, handled_by: actor.userId, handled_at: at }))
      )
        throw conflict('errors.inboundMailHandled', { status: 'assigned' });
      await recordChangeBy(trx, actor, at, 'inbound-mail.assigned', ['inbound-mail', id], {
        after: { organizationId: input.organizationId, contactId, caseId },
      });
    }),
  );
  return (await findInboundMailById(context.storage.db, id))!;
}

export async function discardInboundMail(context: ServiceContext, actor: Actor, id: string): Promise<InboundMailRow> {
  const mail = await getInboundMail(context, actor, id);
  if (!inboundMailRights(actor, mail).discard) throw conflict('errors.inboundMailHandled', { status: mail.status });
  const at = nowIso(context);
  await context.storage.transaction(async (trx) => {
    if (!(await settleWaitingMail(trx, id, mail.status, { status: 'discarded', handled_by: actor.userId, handled_at: at })))
      throw conflict('errors.inboundMailHandled', { status: 'discarded' });
    await recordChangeBy(trx, actor, at, 'inbound-mail.discarded', ['inbound-mail', id]);
  });
  return (await findInboundMailById(context.storage.db, id))!;
}
