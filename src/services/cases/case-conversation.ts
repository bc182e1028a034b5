import type { Actor } from '../../domain/access/permissions.js';
import { mayReadCaseMail } from '../../domain/access/policies/inbound-mail.js';
import { timelineAuthor } from '../../domain/access/policies/cases.js';
import type { Role } from '../../domain/access/roles.js';
import type { Executor } from '../../storage/db.js';
import type { CaseRow } from '../../storage/repositories/cases.js';
import { findMailAddressesOfUser, findMailThatOpenedCase } from '../../storage/repositories/inbound-mail.js';
import { findContactById } from '../../storage/repositories/organizations.js';

/** The kind of the conversation's first message: the case's description, in the words of whoever asked. */
export const DESCRIPTION_ENTRY_KIND = 'case.description';

/** What the conversation needs of a stored timeline entry. */
export interface ConversationEntry {
  id: string;
  kind: string;
  actor_user_id: string | null;
  actor_name: string | null;
  actor_role: Role | null;
}

/** The description as a message: who wrote it, when, how it came, and the mail it came in (when it did). */
export interface DescriptionMessage {
  id: string;
  at: string;
  actorUserId: string | null;
  actorName: string | null;
  author: 'customer' | 'staff' | 'system';
  data: Record<string, unknown>;
}

/**
 * The case's description as the first message of its conversation. It is the customer's words: the contact's (who
 * mailed, or who called and whose call the secretary logged, named in `loggedBy`), or the portal user's who wrote it.
 * Its files are those that came with the case (on its creation entry).
 */
export async function descriptionMessage(
  reader: Executor,
  row: Pick<CaseRow, 'id' | 'description' | 'contact_id' | 'channel' | 'received_at'>,
  created: ConversationEntry | undefined,
): Promise<DescriptionMessage> {
  const [contact, mail] = await Promise.all([
    row.contact_id ? findContactById(reader, row.contact_id) : undefined,
    row.channel === 'email' ? findMailThatOpenedCase(reader, row.id) : undefined,
  ]);
  const creator = created ? timelineAuthor(created.actor_role, false) : 'system';
  // Staff who logged the case (a call) wrote down what the contact said; a customer (the portal) wrote it themselves.
  const loggedBy = creator === 'staff' && !mail ? (created?.actor_name ?? null) : null;
  const writtenByCreator = creator === 'customer' || (creator === 'staff' && !contact);
  const actorName = contact?.name ?? (writtenByCreator ? (created?.actor_name ?? null) : null) ?? mail?.from_address ?? null;
  return {
    id: `${row.id}-description`,
    at: row.received_at,
    actorUserId: writtenByCreator ? (created?.actor_user_id ?? null) : null,
    actorName,
    author: contact || mail ? 'customer' : creator,
    data: {
      body: row.description,
      via: row.channel,
      contactId: row.contact_id,
      authorName: actorName,
      loggedBy,
      ...(mail ? { inboundMailId: mail.id, from: mail.from_address } : {}),
    },
  };
}

/**
 * Which entries' original mails the actor may open: for each entry that came by mail (`data.inboundMailId`), the
 * mail's id when the mail policy lets the actor read it, else null. The actor's own addresses are read only when the
 * answer depends on them (a customer and their own mail).
 */
export async function originalMailsOf(
  reader: Executor,
  actor: Actor,
  organizationId: string,
  entries: readonly { data: Record<string, unknown> }[],
): Promise<(string | null)[]> {
  const mails = entries.map((entry) => {
    const id = entry.data.inboundMailId;
    const from = entry.data.from;
    return typeof id === 'string' ? { id, from: typeof from === 'string' ? from.toLowerCase() : null } : null;
  });
  if (mails.every((mail) => mail === null)) return mails.map(() => null);
  const asReader = mayReadCaseMail(actor, { organizationId, sentByActor: false });
  const addresses = asReader ? [] : await findMailAddressesOfUser(reader, actor.userId);
  return mails.map((mail) =>
    mail && mayReadCaseMail(actor, { organizationId, sentByActor: mail.from !== null && addresses.includes(mail.from) }) ? mail.id : null,
  );
}
