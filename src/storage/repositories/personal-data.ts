import { sql, type RawBuilder } from 'kysely';
import type { Executor } from '../dialect.js';
import type {
  AuditLogTable,
  CaseEventsTable,
  ContactsTable,
  InboundMailTable,
  OutboxMessagesTable,
  ServiceRecordConfirmationsTable,
  SurveysTable,
  TrainingAttendeesTable,
  UsersTable,
} from '../schema.js';
import type { Selectable } from 'kysely';

/**
 * The person whose personal data is read or erased: their contact records and the customer user accounts that are
 * them (a customer user is a contact of the organisation, `users.contact_id`), and their e-mail addresses in lower case.
 */
export interface DataSubject {
  contactIds: string[];
  userIds: string[];
  emails: string[];
}

export interface PersonalDataRows {
  contacts: Selectable<ContactsTable>[];
  users: Pick<Selectable<UsersTable>, 'id' | 'email' | 'name' | 'role' | 'organization_id' | 'language' | 'created_at' | 'disabled_at'>[];
  cases: {
    id: string;
    number: string;
    title: string;
    status: string;
    received_at: string;
    closed_at: string | null;
    contact_id: string | null;
    organization_id: string;
  }[];
  ccCaseIds: string[];
  events: Pick<Selectable<CaseEventsTable>, 'id' | 'case_id' | 'at' | 'kind' | 'visibility' | 'actor_user_id' | 'data_json'>[];
  mailsTo: Pick<
    Selectable<OutboxMessagesTable>,
    'id' | 'case_id' | 'to_address' | 'subject' | 'text_body' | 'status' | 'created_at' | 'sent_at'
  >[];
  mailsFrom: Pick<
    Selectable<InboundMailTable>,
    'id' | 'case_id' | 'from_address' | 'from_name' | 'subject' | 'text_body' | 'received_at' | 'status'
  >[];
  surveys: Selectable<SurveysTable>[];
  confirmations: Selectable<ServiceRecordConfirmationsTable>[];
  trainings: (Selectable<TrainingAttendeesTable> & { topic: string; scheduled_on: string; place: string; status: string })[];
  auditEntries: Selectable<AuditLogTable>[];
}

/** Stands for an empty list in `in (…)`: no id, address or name is a lone dash. */
const none = ['-'];
const orNone = (values: string[]) => (values.length > 0 ? values : none);

/** The contact, the customer users who are that contact, and their addresses. */
export async function subjectOfContact(executor: Executor, contactId: string): Promise<DataSubject | undefined> {
  const contact = await executor.selectFrom('contacts').select(['id', 'email']).where('id', '=', contactId).executeTakeFirst();
  if (!contact) return undefined;
  const users = await executor
    .selectFrom('users')
    .select(['id', 'email'])
    .where('contact_id', '=', contactId)
    .where('role', '=', 'customer')
    .execute();
  return {
    contactIds: [contact.id],
    userIds: users.map((user) => user.id),
    emails: [
      ...new Set(
        [contact.email, ...users.map((user) => user.email)].filter((email): email is string => !!email).map((email) => email.toLowerCase()),
      ),
    ],
  };
}

/** A customer user, and the contact they are (if one is linked). Undefined for an unknown user. */
export async function subjectOfUser(executor: Executor, userId: string): Promise<DataSubject | undefined> {
  const user = await executor.selectFrom('users').select(['id', 'email', 'contact_id']).where('id', '=', userId).executeTakeFirst();
  if (!user) return undefined;
  const contact = user.contact_id
    ? await executor.selectFrom('contacts').select(['id', 'email']).where('id', '=', user.contact_id).executeTakeFirst()
    : undefined;
  return {
    contactIds: contact ? [contact.id] : [],
    userIds: [user.id],
    emails: [...new Set([user.email, contact?.email].filter((email): email is string => !!email).map((email) => email.toLowerCase()))],
  };
}

/** The cases that name the person: as the case's contact, as a CC address, or opened by their user account. */
export async function casesOfSubject(executor: Executor, subject: DataSubject): Promise<{ caseIds: string[]; ccCaseIds: string[] }> {
  const [own, cc] = await Promise.all([
    executor
      .selectFrom('cases')
      .select('id')
      .where((eb) => eb.or([eb('contact_id', 'in', orNone(subject.contactIds)), eb('created_by', 'in', orNone(subject.userIds))]))
      .execute(),
    executor
      .selectFrom('case_cc_addresses')
      .select('case_id')
      .where(sql<string>`lower(address)`, 'in', orNone(subject.emails))
      .execute(),
  ]);
  const ccCaseIds = [...new Set(cc.map((row) => row.case_id))];
  return { caseIds: [...new Set([...own.map((row) => row.id), ...ccCaseIds])], ccCaseIds };
}

/** Everything stored about the person, as rows; the service shapes them for the export. */
export async function readPersonalData(executor: Executor, subject: DataSubject): Promise<PersonalDataRows> {
  const { caseIds, ccCaseIds } = await casesOfSubject(executor, subject);
  const cases = orNone(caseIds);
  const entityIds = orNone([...subject.contactIds, ...subject.userIds]);
  const [contacts, users, caseRows, events, mailsTo, mailsFrom, surveys, confirmations, trainings, auditEntries] = await Promise.all([
    executor.selectFrom('contacts').selectAll().where('id', 'in', orNone(subject.contactIds)).execute(),
    executor
      .selectFrom('users')
      .select(['id', 'email', 'name', 'role', 'organization_id', 'language', 'created_at', 'disabled_at'])
      .where('id', 'in', orNone(subject.userIds))
      .execute(),
    executor
      .selectFrom('cases')
      .select(['id', 'number', 'title', 'status', 'received_at', 'closed_at', 'contact_id', 'organization_id'])
      .where('id', 'in', cases)
      .orderBy('received_at')
      .execute(),
    // What they wrote: their user's replies on the portal, and the notes made of their mails.
    executor
      .selectFrom('case_events')
      .select(['id', 'case_id', 'at', 'kind', 'visibility', 'actor_user_id', 'data_json'])
      .where('case_id', 'in', cases)
      .where((eb) =>
        eb.or([
          eb('actor_user_id', 'in', orNone(subject.userIds)),
          ...subject.emails.map((email) => eb(sql<string>`lower(data_json)`, 'like', `%${escapeLike(email)}%`)),
        ]),
      )
      .orderBy('at')
      .execute(),
    executor
      .selectFrom('outbox_messages')
      .select(['id', 'case_id', 'to_address', 'subject', 'text_body', 'status', 'created_at', 'sent_at'])
      .where((eb) =>
        eb.or([eb(sql<string>`lower(to_address)`, 'in', orNone(subject.emails)), eb('recipient_user_id', 'in', orNone(subject.userIds))]),
      )
      .orderBy('created_at')
      .execute(),
    executor
      .selectFrom('inbound_mail')
      .select(['id', 'case_id', 'from_address', 'from_name', 'subject', 'text_body', 'received_at', 'status'])
      .where('from_address', 'in', orNone(subject.emails))
      .orderBy('received_at')
      .execute(),
    executor
      .selectFrom('surveys')
      .selectAll()
      .where((eb) =>
        eb.or([eb('contact_id', 'in', orNone(subject.contactIds)), eb(sql<string>`lower(recipient_email)`, 'in', orNone(subject.emails))]),
      )
      .orderBy('created_at')
      .execute(),
    executor
      .selectFrom('service_record_confirmations')
      .selectAll()
      .where((eb) =>
        eb.or([
          eb('confirmed_by_user_id', 'in', orNone(subject.userIds)),
          eb(sql<string>`lower(confirmed_by_email)`, 'in', orNone(subject.emails)),
        ]),
      )
      .orderBy('at')
      .execute(),
    executor
      .selectFrom('training_attendees')
      .innerJoin('trainings', 'trainings.id', 'training_attendees.training_id')
      .selectAll('training_attendees')
      .select(['trainings.topic', 'trainings.scheduled_on', 'trainings.place', 'trainings.status'])
      .where((eb) =>
        eb.or([
          eb('training_attendees.contact_id', 'in', orNone(subject.contactIds)),
          eb(sql<string>`lower(training_attendees.email)`, 'in', orNone(subject.emails)),
        ]),
      )
      .orderBy('trainings.scheduled_on')
      .execute(),
    // Entries about them, changes of their organisation that carried their record (a contact's changes are
    // recorded on the organisation), and the changes they made themselves through their account.
    executor
      .selectFrom('audit_log')
      .selectAll()
      .where((eb) =>
        eb.or([
          eb('entity_id', 'in', entityIds),
          eb('actor_user_id', 'in', orNone(subject.userIds)),
          ...[...subject.contactIds, ...subject.userIds].flatMap((id) => [
            eb('before_json', 'like', `%${escapeLike(id)}%`),
            eb('after_json', 'like', `%${escapeLike(id)}%`),
          ]),
        ]),
      )
      .orderBy('at')
      .execute(),
  ]);
  return { contacts, users, cases: caseRows, ccCaseIds, events, mailsTo, mailsFrom, surveys, confirmations, trainings, auditEntries };
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (match) => `\\${match}`);
}

/** What finds the person in a text and rewrites it (`personalTextScrubber` in the domain). */
export interface TextScrubber {
  scrub(text: string): string;
  /** Lower-case pieces one of which every occurrence contains: rows holding none of them are not read. */
  anchors: string[];
}

interface TextTarget {
  table: string;
  /** The row's primary key columns. */
  key: string[];
  columns: string[];
}

/**
 * The text columns that may hold a person's name, address or number, and which rows of each belong to the person's
 * cases (`case`), to the person (`subject`), or both. Binary columns (stored files) are not rewritten. A stored mail's
 * source (`inbound_mail.raw`) is not among them: it holds the person encoded as mail encodes text, and is rebuilt from
 * its decoded parts instead (`inboundMailNaming`, `replaceInboundMailSource`).
 */
const CASE_TEXTS: (TextTarget & { caseColumn: string })[] = [
  { table: 'cases', key: ['id'], caseColumn: 'id', columns: ['title', 'description'] },
  { table: 'case_events', key: ['id'], caseColumn: 'case_id', columns: ['data_json'] },
  { table: 'case_actions', key: ['id'], caseColumn: 'case_id', columns: ['summary', 'outcome'] },
  { table: 'visits', key: ['id'], caseColumn: 'case_id', columns: ['site', 'contact_name', 'contact_phone', 'notes', 'work_done'] },
  { table: 'outbox_messages', key: ['id'], caseColumn: 'case_id', columns: ['to_address', 'subject', 'text_body', 'html_body'] },
  {
    table: 'inbound_mail',
    key: ['id'],
    caseColumn: 'case_id',
    columns: ['from_address', 'from_name', 'to_address', 'subject', 'text_body', 'html_body'],
  },
  // A file's bytes are not rewritten; its name and the name of a sender without an account (a mailed-in file) are.
  { table: 'case_attachments', key: ['id'], caseColumn: 'case_id', columns: ['uploaded_by_name', 'file_name'] },
  { table: 'case_search_texts', key: ['id'], caseColumn: 'case_id', columns: ['text'] },
  { table: 'notifications', key: ['id'], caseColumn: 'case_id', columns: ['title', 'body', 'wording_json'] },
  {
    table: 'service_record_confirmations',
    key: ['id'],
    caseColumn: 'case_id',
    columns: ['confirmed_by_name', 'confirmed_by_email', 'note'],
  },
  { table: 'surveys', key: ['id'], caseColumn: 'case_id', columns: ['recipient_email', 'respondent_name', 'comment'] },
  { table: 'follow_ups', key: ['id'], caseColumn: 'case_id', columns: ['resolution'] },
  { table: 'webhook_event_queue', key: ['id'], caseColumn: 'case_id', columns: ['data_json'] },
  { table: 'idempotency_keys', key: ['caller_id', 'key'], caseColumn: 'resource_id', columns: ['response_json'] },
  { table: 'audit_log', key: ['id'], caseColumn: 'entity_id', columns: ['before_json', 'after_json'] },
  { table: 'vendor_escalations', key: ['id'], caseColumn: 'case_id', columns: ['support_center_json'] },
];

/**
 * The stored mails that may name the person: every mail on their cases, and elsewhere any mail whose columns or
 * source hold a piece of their data as written (the decoded columns find a name the source only holds encoded). Read
 * before the texts are scrubbed: the scrubbing takes away what finds them.
 */
export async function inboundMailNaming(executor: Executor, caseIds: string[], anchors: string[]): Promise<string[]> {
  const ids = new Set<string>();
  for (const part of chunks(caseIds, 500)) {
    for (const row of await executor.selectFrom('inbound_mail').select('id').where('case_id', 'in', part).execute()) ids.add(row.id);
  }
  if (anchors.length > 0) {
    const columns = ['from_address', 'from_name', 'to_address', 'subject', 'text_body', 'html_body', 'raw'];
    const { rows } = await sql<{ id: string }>`select id from inbound_mail where ${holdsAnyAnchor(columns, anchors)}`.execute(executor);
    for (const row of rows) ids.add(row.id);
  }
  return [...ids].sort();
}

/** A stored mail's source, read one at a time (a source may be megabytes). */
export async function inboundMailSource(executor: Executor, id: string): Promise<string | undefined> {
  return (await executor.selectFrom('inbound_mail').select('raw').where('id', '=', id).executeTakeFirst())?.raw;
}

/** Replaces a stored mail's source by one rebuilt without a person, and marks when. */
export async function replaceInboundMailSource(executor: Executor, id: string, raw: string, at: string): Promise<void> {
  await executor.updateTable('inbound_mail').set({ raw, erased_at: at }).where('id', '=', id).execute();
}

/** Texts kept elsewhere that may quote the person; rewritten where they hold a piece of the data. */
const OTHER_TEXTS: TextTarget[] = [
  { table: 'webhook_deliveries', key: ['id'], columns: ['payload_json'] },
  { table: 'outbox_messages', key: ['id'], columns: ['to_address', 'subject', 'text_body', 'html_body'] },
  {
    table: 'inbound_mail',
    key: ['id'],
    columns: ['from_address', 'from_name', 'to_address', 'subject', 'text_body', 'html_body'],
  },
  { table: 'surveys', key: ['id'], columns: ['recipient_email', 'respondent_name', 'comment'] },
  { table: 'service_record_confirmations', key: ['id'], columns: ['confirmed_by_name', 'confirmed_by_email', 'note'] },
  { table: 'training_attendees', key: ['id'], columns: ['name', 'email'] },
  // Confirmation and survey links sent to them (the link itself keeps working: it is checked by its signature).
  { table: 'signed_links', key: ['id'], columns: ['recipient_email'] },
];

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += size) out.push(items.slice(start, start + size));
  return out;
}

/** Rows where some column holds an anchor. `lower` folds ASCII on SQLite, all letters on PostgreSQL. */
function holdsAnyAnchor(columns: string[], anchors: string[]): RawBuilder<boolean> {
  const tests = columns.flatMap((column) =>
    anchors.map((anchor) => sql`lower(${sql.ref(column)}) like ${`%${escapeLike(anchor)}%`} escape '\\'`),
  );
  return sql<boolean>`(${sql.join(tests, sql` or `)})`;
}

type TextRow = Record<string, string | number | null>;

/** Writes back the columns the scrubber changed, row by row (rows without an occurrence are not written). */
async function scrubRows(executor: Executor, target: TextTarget, rows: TextRow[], scrubber: TextScrubber): Promise<void> {
  for (const row of rows) {
    const changed: RawBuilder<unknown>[] = [];
    for (const column of target.columns) {
      const text = row[column];
      if (typeof text !== 'string') continue;
      const scrubbed = scrubber.scrub(text);
      if (scrubbed !== text) changed.push(sql`${sql.ref(column)} = ${scrubbed}`);
    }
    if (changed.length === 0) continue;
    const key = target.key.map((column) => sql`${sql.ref(column)} = ${row[column]}`);
    await sql`update ${sql.table(target.table)} set ${sql.join(changed)} where ${sql.join(key, sql` and `)}`.execute(executor);
  }
}

/**
 * Rewrites every occurrence of the person's data in the texts of their cases (`scopeIds`: the cases, and the ids the
 * audit log files their changes under: person, account, organisation), and in mail, surveys, confirmations
 * and attendance kept under their address), in the caller's transaction. The patterns (case, spacing, phone formats)
 * are the domain's and run here in JavaScript: neither database can run them the same way. The texts of their own
 * cases are all read; elsewhere only rows holding an anchor.
 */
export async function scrubPersonalTexts(executor: Executor, scopeIds: string[], scrubber: TextScrubber): Promise<void> {
  if (scrubber.anchors.length === 0) return;
  for (const part of chunks(scopeIds, 500)) {
    for (const target of CASE_TEXTS) {
      const { rows } = await sql<TextRow>`select ${sql.join([...target.key, ...target.columns].map((column) => sql.ref(column)))}
        from ${sql.table(target.table)} where ${sql.ref(target.caseColumn)} in (${sql.join(part)})`.execute(executor);
      await scrubRows(executor, target, rows, scrubber);
    }
  }
  for (const target of OTHER_TEXTS) {
    const { rows } = await sql<TextRow>`select ${sql.join([...target.key, ...target.columns].map((column) => sql.ref(column)))}
      from ${sql.table(target.table)} where ${holdsAnyAnchor(target.columns, scrubber.anchors)}`.execute(executor);
    await scrubRows(executor, target, rows, scrubber);
  }
}

/** The keys under which a confirmation's timeline entry, audit entry and webhook payloads keep where it came from. */
const ORIGIN_KEYS = new Set(['ip', 'userAgent']);

/** The JSON text with every `ip` and `userAgent` in it set to null (at any depth); unchanged text when it holds none. */
function withoutOrigin(json: string): string {
  let changed = false;
  const clear = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(clear);
    if (value === null || typeof value !== 'object') return value;
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([key, inner]) => {
        if (ORIGIN_KEYS.has(key) && inner !== null) {
          changed = true;
          return [key, null];
        }
        return [key, clear(inner)];
      }),
    );
  };
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return json;
  }
  const cleared = clear(parsed);
  return changed ? JSON.stringify(cleared) : json;
}

/** Rewrites one JSON column of the given rows without their origin (rows that hold none are not written). */
async function clearOriginIn(
  executor: Executor,
  table: 'case_events' | 'audit_log' | 'webhook_event_queue' | 'webhook_deliveries',
  column: 'data_json' | 'after_json' | 'payload_json',
  rows: { id: string; json: string | null }[],
): Promise<void> {
  for (const row of rows) {
    if (row.json === null) continue;
    const cleared = withoutOrigin(row.json);
    if (cleared !== row.json) {
      await sql`update ${sql.table(table)} set ${sql.ref(column)} = ${cleared} where id = ${row.id}`.execute(executor);
    }
  }
}

/**
 * Forgets where the person acted from: the network address and browser recorded when they confirmed a service record
 * (in the portal or by the link mailed to them) or answered a survey by its link, wherever they were copied (the
 * used link, the confirmation, its timeline entry and audit entry, webhook payloads), and the client address of every
 * audit entry they made (through their account or a link sent to them). Who did what stays: only the addresses go.
 *
 * Runs in the caller's transaction, inside `whileErasing` (the timeline and audit log are append-only otherwise), and
 * before the texts are scrubbed: it finds the person's links and confirmations by their e-mail addresses.
 */
export async function eraseOriginsOf(executor: Executor, subject: DataSubject): Promise<void> {
  const surveys = await executor
    .selectFrom('surveys')
    .select('id')
    .where((eb) =>
      eb.or([eb('contact_id', 'in', orNone(subject.contactIds)), eb(sql<string>`lower(recipient_email)`, 'in', orNone(subject.emails))]),
    )
    .execute();
  const surveyIds = surveys.map((row) => row.id);
  const links = await executor
    .selectFrom('signed_links')
    .select('id')
    .where((eb) =>
      eb.or([
        eb(sql<string>`lower(recipient_email)`, 'in', orNone(subject.emails)),
        eb.and([eb('purpose', '=', 'survey'), eb('subject_id', 'in', orNone(surveyIds))]),
      ]),
    )
    .execute();
  const linkIds = links.map((row) => row.id);
  for (const part of chunks(linkIds, 500)) {
    await executor.updateTable('signed_links').set({ used_ip: null, used_user_agent: null }).where('id', 'in', part).execute();
  }

  const confirmations = await executor
    .selectFrom('service_record_confirmations')
    .select(['id', 'case_id', 'at'])
    .where((eb) =>
      eb.or([
        eb('confirmed_by_user_id', 'in', orNone(subject.userIds)),
        eb(sql<string>`lower(confirmed_by_email)`, 'in', orNone(subject.emails)),
        eb('link_id', 'in', orNone(linkIds)),
      ]),
    )
    .execute();
  for (const confirmation of confirmations) {
    await executor
      .updateTable('service_record_confirmations')
      .set({ ip: null, user_agent: null })
      .where('id', '=', confirmation.id)
      .execute();
    const naming = `%${escapeLike(confirmation.id)}%`;
    const [events, queued, deliveries, audited] = await Promise.all([
      executor
        .selectFrom('case_events')
        .select(['id', 'data_json as json'])
        .where('case_id', '=', confirmation.case_id)
        .where('kind', '=', 'service-record.confirmed')
        .where('data_json', 'like', naming)
        .execute(),
      executor
        .selectFrom('webhook_event_queue')
        .select(['id', 'data_json as json'])
        .where('case_id', '=', confirmation.case_id)
        .where('data_json', 'like', naming)
        .execute(),
      executor.selectFrom('webhook_deliveries').select(['id', 'payload_json as json']).where('payload_json', 'like', naming).execute(),
      // The confirmation's audit entry: same case, same instant.
      executor
        .selectFrom('audit_log')
        .select(['id', 'after_json as json'])
        .where('action', '=', 'service-record.confirm')
        .where('entity_id', '=', confirmation.case_id)
        .where('at', '=', confirmation.at)
        .execute(),
    ]);
    await clearOriginIn(executor, 'case_events', 'data_json', events);
    await clearOriginIn(executor, 'webhook_event_queue', 'data_json', queued);
    await clearOriginIn(executor, 'webhook_deliveries', 'payload_json', deliveries);
    await clearOriginIn(executor, 'audit_log', 'after_json', audited);
    for (const part of chunks(
      audited.map((row) => row.id),
      500,
    )) {
      await executor
        .updateTable('audit_log')
        .set({ client_address: null })
        .where('id', 'in', part)
        .where('client_address', 'is not', null)
        .execute();
    }
  }

  // What they did themselves: through their account, or (no account) by answering a survey through its link.
  await executor
    .updateTable('audit_log')
    .set({ client_address: null })
    .where('actor_user_id', 'in', orNone(subject.userIds))
    .where('client_address', 'is not', null)
    .execute();
  for (const part of chunks(surveyIds, 500)) {
    await executor
      .updateTable('audit_log')
      .set({ client_address: null })
      .where('action', '=', 'survey.answer')
      .where('actor_user_id', 'is', null)
      .where('entity_id', 'in', part)
      .where('client_address', 'is not', null)
      .execute();
  }
}

/** Pseudonymises the contact record: the name becomes the pseudonym, every way to reach them is cleared. */
export async function eraseContactRow(executor: Executor, contactId: string, pseudonym: string, at: string): Promise<void> {
  await executor
    .updateTable('contacts')
    .set({
      name: pseudonym,
      email: null,
      phone: null,
      phone_digits: null,
      second_phone: null,
      second_phone_digits: null,
      role_at_customer: null,
      erased_at: at,
    })
    .where('id', '=', contactId)
    .execute();
  await executor.updateTable('visits').set({ contact_name: pseudonym, contact_phone: null }).where('contact_id', '=', contactId).execute();
  await executor.updateTable('training_attendees').set({ name: pseudonym, email: null }).where('contact_id', '=', contactId).execute();
  await executor.updateTable('surveys').set({ recipient_email: null }).where('contact_id', '=', contactId).execute();
}

/** Pseudonymises a customer's user account, disables it and ends its sessions, tokens and reset links. */
export async function eraseUserRow(
  executor: Executor,
  userId: string,
  pseudonym: string,
  placeholderEmail: string,
  at: string,
): Promise<void> {
  await executor
    .updateTable('users')
    .set({ name: pseudonym, email: placeholderEmail, password_hash: null, disabled_at: at, erased_at: at, updated_at: at })
    .where('id', '=', userId)
    .execute();
  await executor.deleteFrom('sessions').where('user_id', '=', userId).execute();
  await executor.deleteFrom('password_resets').where('user_id', '=', userId).execute();
  await executor.updateTable('api_tokens').set({ revoked_at: at }).where('user_id', '=', userId).where('revoked_at', 'is', null).execute();
  await executor
    .updateTable('service_record_confirmations')
    .set({ confirmed_by_name: pseudonym, confirmed_by_email: null })
    .where('confirmed_by_user_id', '=', userId)
    .execute();
  await executor.deleteFrom('notifications').where('user_id', '=', userId).execute();
}

/** Mail to the person that has not gone yet is dropped; CC addresses of theirs leave the cases. */
export async function dropMailToSubject(executor: Executor, subject: DataSubject): Promise<number> {
  const dropped = await executor
    .deleteFrom('outbox_messages')
    .where('status', 'in', ['pending', 'sending', 'dead'])
    .where((eb) =>
      eb.or([eb(sql<string>`lower(to_address)`, 'in', orNone(subject.emails)), eb('recipient_user_id', 'in', orNone(subject.userIds))]),
    )
    .executeTakeFirst();
  await executor
    .deleteFrom('case_cc_addresses')
    .where(sql<string>`lower(address)`, 'in', orNone(subject.emails))
    .execute();
  return Number(dropped.numDeletedRows);
}

/** Marks the cases changed, so the search indexer rewrites their texts from the pseudonymised rows. */
export async function touchCases(executor: Executor, caseIds: string[], at: string): Promise<void> {
  for (const part of chunks(caseIds, 500)) await executor.updateTable('cases').set({ updated_at: at }).where('id', 'in', part).execute();
}

/**
 * Contacts due for the retention rule: not erased, with at least one case, every case closed before `closedBefore`,
 * no open case, no enabled customer account, and no planned training or visit naming them.
 */
export async function findContactsPastRetention(
  executor: Executor,
  closedBefore: string,
  limit: number,
  onlyContactId?: string,
): Promise<string[]> {
  const rows = await executor
    .selectFrom('contacts')
    .select('contacts.id')
    .$if(onlyContactId !== undefined, (query) => query.where('contacts.id', '=', onlyContactId!))
    .where('contacts.erased_at', 'is', null)
    .where((eb) => eb.exists(eb.selectFrom('cases').select('cases.id').whereRef('cases.contact_id', '=', 'contacts.id')))
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('cases')
            .select('cases.id')
            .whereRef('cases.contact_id', '=', 'contacts.id')
            .where((inner) => inner.or([inner('cases.closed_at', 'is', null), inner('cases.closed_at', '>=', closedBefore)])),
        ),
      ),
    )
    .where((eb) =>
      eb.not(
        eb.exists(
          eb.selectFrom('users').select('users.id').whereRef('users.contact_id', '=', 'contacts.id').where('users.disabled_at', 'is', null),
        ),
      ),
    )
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('trainings')
            .select('trainings.id')
            .whereRef('trainings.contact_id', '=', 'contacts.id')
            .where('trainings.status', '=', 'planned'),
        ),
      ),
    )
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('visits')
            .select('visits.id')
            .whereRef('visits.contact_id', '=', 'contacts.id')
            .where('visits.status', 'in', ['scheduled', 'on-site']),
        ),
      ),
    )
    .orderBy('contacts.id')
    .limit(limit)
    .execute();
  return rows.map((row) => row.id);
}

/**
 * The person's names and numbers as stored, before erasure, for finding them in texts; and the names of other people
 * (contacts and users not erased) that hold one of theirs, letter for letter in order (`张伟明` for `张伟`), which the
 * domain keeps apart from the person's.
 */
export async function personalValuesOf(
  executor: Executor,
  subject: DataSubject,
): Promise<{ names: string[]; emails: string[]; phones: string[]; otherNames: string[] }> {
  const [contacts, users] = await Promise.all([
    executor
      .selectFrom('contacts')
      .select(['name', 'email', 'phone', 'second_phone'])
      .where('id', 'in', orNone(subject.contactIds))
      .execute(),
    executor.selectFrom('users').select(['name', 'email']).where('id', 'in', orNone(subject.userIds)).execute(),
  ]);
  const present = (values: (string | null)[]) => [...new Set(values.filter((value): value is string => !!value && value.trim() !== ''))];
  const names = present([...contacts.map((row) => row.name), ...users.map((row) => row.name)]);
  return {
    names,
    emails: present([...contacts.map((row) => row.email), ...users.map((row) => row.email)]),
    phones: present(contacts.flatMap((row) => [row.phone, row.second_phone])),
    otherNames: await namesHoldingAny(executor, subject, names),
  };
}

/** Names of contacts and users other than the person's that hold the letters of one of `names` in order. */
async function namesHoldingAny(executor: Executor, subject: DataSubject, names: string[]): Promise<string[]> {
  const patterns = names
    .map((name) => name.normalize('NFC').match(/\p{Script=Han}|[^\s\p{Script=Han}]+/gu) ?? [])
    .filter((units) => units.length > 0)
    .map((units) => `%${units.map((unit) => escapeLike(unit.toLowerCase())).join('%')}%`);
  if (patterns.length === 0) return [];
  const holding = (column: string) =>
    sql<boolean>`(${sql.join(
      patterns.map((pattern) => sql`lower(${sql.ref(column)}) like ${pattern} escape '\\'`),
      sql` or `,
    )})`;
  const [contacts, users] = await Promise.all([
    executor
      .selectFrom('contacts')
      .select('name')
      .where('id', 'not in', orNone(subject.contactIds))
      .where('erased_at', 'is', null)
      .where(holding('name'))
      .execute(),
    executor
      .selectFrom('users')
      .select('name')
      .where('id', 'not in', orNone(subject.userIds))
      .where('erased_at', 'is', null)
      .where(holding('name'))
      .execute(),
  ]);
  return [...new Set([...contacts, ...users].map((row) => row.name))];
}

/**
 * Runs `work` (in the caller's transaction) with the append-only timeline and audit log open for rewriting: the guard
 * row is visible to this transaction only and is gone again before it commits (migration 0044).
 */
export async function whileErasing<T>(executor: Executor, erasureId: string, work: () => Promise<T>): Promise<T> {
  await executor.insertInto('personal_data_erasures').values({ id: erasureId }).execute();
  const result = await work();
  await executor.deleteFrom('personal_data_erasures').where('id', '=', erasureId).execute();
  return result;
}
