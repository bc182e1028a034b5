import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import type { Executor } from '../db.js';
import { changedOne } from '../changed-one.js';
import { preparedQuery } from '../prepared-query.js';
import { batchedLookup, isOneOf, listParameter, type ListParameter } from '../read-batches.js';
import type { InboundMailTable } from '../schema.js';
import { inIdOrder, whereGiven, type IdPage } from './pagination.js';

export type InboundMailRow = Selectable<InboundMailTable>;

export const INBOUND_MAIL_STATUSES = [
  'received',
  'case-opened',
  'replied',
  'bounce',
  'ignored',
  'unmatched',
  'refused',
  'assigned',
  'discarded',
] as const;
export type InboundMailStatus = (typeof INBOUND_MAIL_STATUSES)[number];

export async function insertInboundMail(executor: Executor, row: Insertable<InboundMailTable>): Promise<void> {
  await executor.insertInto('inbound_mail').values(row).execute();
}

export async function findInboundMailById(executor: Executor, id: string): Promise<InboundMailRow | undefined> {
  return executor.selectFrom('inbound_mail').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findInboundMailByMessageId(executor: Executor, messageId: string): Promise<InboundMailRow | undefined> {
  return executor.selectFrom('inbound_mail').selectAll().where('message_id', '=', messageId).executeTakeFirst();
}

/** Which of these Message-IDs are stored already, each with the status its mail has. */
export async function findStoredMessageIds(executor: Executor, messageIds: readonly string[]): Promise<Map<string, string>> {
  if (messageIds.length === 0) return new Map();
  const rows = await executor
    .selectFrom('inbound_mail')
    .select(['message_id', 'status'])
    .where(isOneOf(executor, 'message_id', listParameter(executor, [...new Set(messageIds)])))
    .execute();
  return new Map(rows.map((row) => [row.message_id, row.status]));
}

/**
 * Changes a mail waiting for staff only while it still has the status it was read with; false when someone else
 * handled it first.
 */
export async function settleWaitingMail(
  executor: Executor,
  id: string,
  readStatus: string,
  changes: Updateable<InboundMailTable>,
): Promise<boolean> {
  return changedOne(executor.updateTable('inbound_mail').set(changes).where('id', '=', id).where('status', '=', readStatus));
}

/** The mails of a status, newest first, without the raw source (lists never need it). */
export async function listInboundMail(executor: Executor, filter: { status?: string } & IdPage): Promise<Omit<InboundMailRow, 'raw'>[]> {
  const query = executor
    .selectFrom('inbound_mail')
    .select([
      'id',
      'message_id',
      'received_at',
      'from_address',
      'from_name',
      'to_address',
      'subject',
      'in_reply_to',
      'references_json',
      'text_body',
      'html_body',
      'status',
      'reason',
      'case_id',
      'handled_by',
      'handled_at',
      'erased_at',
      'size_bytes',
    ]);
  return inIdOrder(whereGiven(query, { status: filter.status }), 'id', filter, 'newest first').execute();
}

/** How many mails a sender sent since the instant (the rate limit's window). */
export async function countInboundMailFrom(executor: Executor, fromAddress: string, since: string): Promise<number> {
  const row = await executor
    .selectFrom('inbound_mail')
    .select((eb) => eb.fn.countAll<number | string | bigint>().as('count'))
    .where('from_address', '=', fromAddress)
    .where('received_at', '>=', since)
    .executeTakeFirst();
  return Number(row?.count ?? 0);
}

export interface ContactOfAddress {
  id: string;
  organization_id: string;
  name: string;
  language: string;
  retired: boolean;
}

const contactsByEmailsQuery = preparedQuery<
  { emails: ListParameter },
  {
    id: string;
    organization_id: string;
    name: string;
    language: string;
    retired_at: string | null;
    organization_retired_at: string | null;
    email_key: string;
  }
>((executor, param) =>
  executor
    .selectFrom('contacts')
    .innerJoin('organizations', 'organizations.id', 'contacts.organization_id')
    .select([
      'contacts.id',
      'contacts.organization_id',
      'contacts.name',
      'contacts.language',
      'contacts.retired_at',
      'organizations.retired_at as organization_retired_at',
      sql<string>`lower(contacts.email)`.as('email_key'),
    ])
    .where(isOneOf(executor, sql`lower(contacts.email)`, param('emails')))
    .orderBy('contacts.id'),
);

/**
 * Contacts with this e-mail address in every organisation (an address is compared in lower case), each with whether
 * it is retired, or its organisation is. Every mail taken in asks it for its sender, so mails in hand ask together.
 */
export const findContactsByEmail = batchedLookup<string, ContactOfAddress[]>({
  one: (executor, email) => contactsByEmails(executor, [email]).then((found) => found[0]!),
  many: (db, emails) => contactsByEmails(db, emails),
});

async function contactsByEmails(executor: Executor, emails: readonly string[]): Promise<ContactOfAddress[][]> {
  const keys = emails.map((email) => email.trim().toLowerCase());
  const byEmail = new Map<string, ContactOfAddress[]>();
  for (const row of await contactsByEmailsQuery(executor, { emails: listParameter(executor, [...new Set(keys)]) })) {
    const contact = {
      id: row.id,
      organization_id: row.organization_id,
      name: row.name,
      language: row.language,
      retired: row.retired_at !== null || row.organization_retired_at !== null,
    };
    const list = byEmail.get(row.email_key);
    if (list) list.push(contact);
    else byEmail.set(row.email_key, [contact]);
  }
  // Each caller gets a list of its own.
  return keys.map((key) => [...(byEmail.get(key) ?? [])]);
}

/** The case one of these Message-IDs belongs to: a mail CaseDesk sent for it, or an earlier inbound mail of it. */
export async function findCaseIdByMessageIds(executor: Executor, messageIds: readonly string[]): Promise<string | null> {
  if (messageIds.length === 0) return null;
  for (const table of ['outbox_messages', 'inbound_mail'] as const) {
    const found = await executor
      .selectFrom(table)
      .select('case_id')
      .where('message_id', 'in', messageIds)
      .where('case_id', 'is not', null)
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (found?.case_id) return found.case_id;
  }
  return null;
}

/** The outbox message (of ours) with one of these Message-IDs. */
export async function findOutboxByMessageIds(
  executor: Executor,
  messageIds: readonly string[],
): Promise<{ id: string; case_id: string | null; to_address: string } | undefined> {
  if (messageIds.length === 0) return undefined;
  return executor
    .selectFrom('outbox_messages')
    .select(['id', 'case_id', 'to_address'])
    .where('message_id', 'in', messageIds)
    .limit(1)
    .executeTakeFirst();
}

/** A bounce makes the message failed (`dead`), whatever the sender had recorded. */
export async function markOutboxBounced(executor: Executor, id: string, error: string): Promise<void> {
  await executor
    .updateTable('outbox_messages')
    .set({ status: 'dead', last_error: error, lease_until: null, claim_token: null })
    .where('id', '=', id)
    .execute();
}

export async function findCaseIdByNumber(executor: Executor, number: string): Promise<string | null> {
  return (await executor.selectFrom('cases').select('id').where('number', '=', number).executeTakeFirst())?.id ?? null;
}

/** The mail a case was opened from (by intake, or by staff sorting it), or undefined for a case that came otherwise. */
export async function findMailThatOpenedCase(
  executor: Executor,
  caseId: string,
): Promise<{ id: string; from_address: string } | undefined> {
  return executor
    .selectFrom('inbound_mail')
    .select(['id', 'from_address'])
    .where('case_id', '=', caseId)
    .where('status', 'in', ['case-opened', 'assigned'])
    .orderBy('received_at')
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
}

/** The addresses a user's mail comes from: their account's, and their contact's (a customer's), lower case. */
export async function findMailAddressesOfUser(executor: Executor, userId: string): Promise<string[]> {
  const row = await executor
    .selectFrom('users')
    .leftJoin('contacts', 'contacts.id', 'users.contact_id')
    .select(['users.email as user_email', 'contacts.email as contact_email'])
    .where('users.id', '=', userId)
    .executeTakeFirst();
  if (!row) return [];
  return [row.user_email, row.contact_email].filter((value): value is string => Boolean(value)).map((value) => value.trim().toLowerCase());
}
