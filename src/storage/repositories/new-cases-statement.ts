import { CompiledQuery } from 'kysely';
import { CASE_NUMBER_DIGITS, CASE_NUMBER_PLACEHOLDER, caseNumberPrefix } from '../../domain/cases/case-numbers.js';
import type { Executor } from '../db.js';
import { namedStatement } from '../named-statements.js';
import type { CaseEventsTable, CaseSerialNumbersTable, CasesTable, EscalationStepsTable, NotificationsTable } from '../schema.js';
import { quoted, unnestRows, type ColumnTypes } from '../unnest-rows.js';
import type { CaseListRow, NewCase } from './cases.js';
import type { NewOutboxMessage } from './outbox.js';

type CaseInput = Omit<CasesTable, 'number'> & { number_prefix: string; number_digits: number };

const CASE_INPUT_TYPES: ColumnTypes<CaseInput> = {
  id: 'text',
  organization_id: 'text',
  contact_id: 'text',
  department_id: 'text',
  assignee_user_id: 'text',
  channel: 'text',
  level: 'integer',
  kind: 'text',
  title: 'text',
  description: 'text',
  status: 'text',
  received_at: 'text',
  created_at: 'text',
  updated_at: 'text',
  created_by: 'text',
  policy_version_id: 'text',
  clock_counted_ms: 'double precision',
  clock_running_since: 'text',
  next_escalation_due_at: 'text',
  escalated_at: 'text',
  first_response_due_at: 'text',
  first_responded_at: 'text',
  first_response_ms: 'double precision',
  first_response_working_ms: 'double precision',
  first_response_breach_notified_at: 'text',
  resolution_working_ms: 'double precision',
  remote_authorized_at: 'text',
  remote_authorized_by: 'text',
  billing: 'text',
  entitlement_json: 'text',
  vendor_id: 'text',
  resolved_at: 'text',
  closed_at: 'text',
  number_prefix: 'text',
  number_digits: 'integer',
};

const STEP_TYPES: ColumnTypes<EscalationStepsTable> = {
  id: 'text',
  case_id: 'text',
  position: 'text',
  level: 'integer',
  after_hours: 'double precision',
  vendor_report: 'integer',
  status: 'text',
  due_at: 'text',
  fired_at: 'text',
  recipients_json: 'text',
  acknowledged_at: 'text',
  acknowledged_by: 'text',
  acknowledged_reason: 'text',
};

const SERIAL_TYPES: ColumnTypes<CaseSerialNumbersTable> = { case_id: 'text', serial_number: 'text' };

const EVENT_TYPES: ColumnTypes<CaseEventsTable> = {
  id: 'text',
  case_id: 'text',
  at: 'text',
  kind: 'text',
  actor_user_id: 'text',
  visibility: 'text',
  data_json: 'text',
};

const MAIL_TYPES: ColumnTypes<NewOutboxMessage> = {
  id: 'text',
  kind: 'text',
  recipient_user_id: 'text',
  to_address: 'text',
  language: 'text',
  subject: 'text',
  text_body: 'text',
  html_body: 'text',
  dedupe_key: 'text',
  status: 'text',
  attempts: 'integer',
  next_attempt_at: 'text',
  lease_until: 'text',
  claim_token: 'text',
  last_error: 'text',
  message_id: 'text',
  in_reply_to: 'text',
  references_header: 'text',
  thread_message_id: 'text',
  case_id: 'text',
  created_at: 'text',
  sent_at: 'text',
  attachment_ids_json: 'text',
  report_json: 'text',
};

const NOTIFICATION_TYPES: ColumnTypes<NotificationsTable> = {
  id: 'text',
  user_id: 'text',
  kind: 'text',
  case_id: 'text',
  title: 'text',
  body: 'text',
  link: 'text',
  dedupe_key: 'text',
  created_at: 'text',
  read_at: 'text',
  wording_json: 'text',
};

/** The texts of a case's notifications that name the case by `CASE_NUMBER_PLACEHOLDER` until its number is known. */
const NUMBERED_NOTICE_COLUMNS: readonly string[] = ['title', 'body', 'wording_json'];

/** The texts of a case's first mail that name the case by `CASE_NUMBER_PLACEHOLDER` until its number is known. */
const NUMBERED_MAIL_COLUMNS: readonly string[] = ['subject', 'text_body', 'html_body'];

/**
 * PostgreSQL: cases opened in the same year written in one statement of data-modifying CTEs. Every concurrent intake
 * waits for the year's counter row; this way it is locked once, for one round trip and the commit, however many cases
 * the statement carries (each takes its own number of the block the counter advances by). The statement is atomic by
 * itself: all of them are written, or none. Its text is the same for any number of cases (the rows travel as arrays),
 * and its columns are named, not `*`, so a prepared copy stays valid when a later version adds a column.
 */
const newCasesStatement = (() => {
  // $1 is the year, $2 how many cases the statement carries; the arrays follow, and last the number placeholder.
  let nextParameter = 3;
  const arraysOf = <Row>(types: ColumnTypes<Row>) => {
    const rows = unnestRows(types, nextParameter);
    nextParameter += rows.columns.length;
    return rows;
  };
  const input = arraysOf(CASE_INPUT_TYPES);
  const steps = arraysOf(STEP_TYPES);
  const serials = arraysOf(SERIAL_TYPES);
  const events = arraysOf(EVENT_TYPES);
  const mails = arraysOf(MAIL_TYPES);
  const notices = arraysOf(NOTIFICATION_TYPES);
  // The placeholder the first mails name their case by, replaced by the number the case was given.
  const placeholder = `$${nextParameter}::text`;
  const mailValues = mails.columns.map((column) =>
    NUMBERED_MAIL_COLUMNS.includes(column)
      ? `replace("mail".${quoted(column)}, ${placeholder}, "opened"."number")`
      : `"mail".${quoted(column)}`,
  );
  const noticeValues = notices.columns.map((column) =>
    NUMBERED_NOTICE_COLUMNS.includes(column)
      ? `replace("notice".${quoted(column)}, ${placeholder}, "opened"."number")`
      : `"notice".${quoted(column)}`,
  );
  const caseColumns = input.columns.filter((column) => column !== 'number_prefix' && column !== 'number_digits');
  const storedColumns = [...caseColumns, 'number'];
  // The block of numbers ends at the counter's new value; the k-th case takes the k-th of them. Its number is
  // `caseNumber` of domain/cases/case-numbers.ts written in SQL: the prefix and the sequence zero-padded, never cut.
  const sequence = `("numbered"."last_number" - $2::integer + "input"."ordinal")::text`;
  const text = `with "input" as (
  select * from ${input.unnest} with ordinality as "input"(${input.columnList}, "ordinal")
), "numbered" as (
  insert into "case_number_counters" ("year", "last_number") values ($1::integer, $2::integer)
  on conflict ("year") do update set "last_number" = "case_number_counters"."last_number" + excluded."last_number"
  returning "last_number"
), "opened" as (
  insert into "cases" (${caseColumns.map(quoted).join(', ')}, "number")
  select ${caseColumns.map((column) => `"input".${quoted(column)}`).join(', ')},
    "input"."number_prefix" || lpad(${sequence}, greatest("input"."number_digits", length(${sequence})), '0')
  from "input" cross join "numbered"
  returning ${storedColumns.map(quoted).join(', ')}
), "ladder" as (
  insert into "escalation_steps" (${steps.columnList}) select * from ${steps.unnest}
), "serials" as (
  insert into "case_serial_numbers" (${serials.columnList}) select * from ${serials.unnest}
), "created_events" as (
  insert into "case_events" (${events.columnList}) select * from ${events.unnest}
), "first_mails" as (
  insert into "outbox_messages" (${mails.columnList})
  select ${mailValues.join(', ')}
  from ${mails.unnest} as "mail"(${mails.columnList})
  inner join "opened" on "opened"."id" = "mail"."case_id"
), "first_notifications" as (
  insert into "notifications" (${notices.columnList})
  select ${noticeValues.join(', ')}
  from ${notices.unnest} as "notice"(${notices.columnList})
  inner join "opened" on "opened"."id" = "notice"."case_id"
  on conflict ("dedupe_key") do nothing
)
select ${storedColumns.map((column) => `"opened".${quoted(column)}`).join(', ')},
  "organizations"."name" as "organization_name", "departments"."name" as "department_name", "assignee"."name" as "assignee_name"
from "opened"
inner join "organizations" on "organizations"."id" = "opened"."organization_id"
left join "departments" on "departments"."id" = "opened"."department_id"
left join "users" as "assignee" on "assignee"."id" = "opened"."assignee_user_id"`;
  return { text: namedStatement(text), input, steps, serials, events, mails, notices };
})();

/**
 * PostgreSQL: the cases of one year with their numbers, ladders, serial numbers, creation events, first mails and
 * notifications, in one statement.
 */
export async function insertNewCasesOfOneYear(executor: Executor, newCases: NewCase[]): Promise<CaseListRow[]> {
  const year = newCases[0]!.year;
  if (newCases.some((newCase) => newCase.year !== year)) throw new Error('cases of one statement must share their year');
  const { text, input, steps, serials, events, mails, notices } = newCasesStatement;
  const parameters = [
    year,
    newCases.length,
    ...input.arrays(
      newCases.map((newCase) => ({ ...newCase.row, number_prefix: caseNumberPrefix(year), number_digits: CASE_NUMBER_DIGITS })),
    ),
    ...steps.arrays(newCases.flatMap((newCase) => newCase.steps)),
    ...serials.arrays(
      newCases.flatMap((newCase) => newCase.serialNumbers.map((serial_number) => ({ case_id: newCase.row.id, serial_number }))),
    ),
    ...events.arrays(newCases.map((newCase) => newCase.createdEvent)),
    ...mails.arrays(newCases.flatMap((newCase) => newCase.mails)),
    ...notices.arrays(newCases.flatMap((newCase) => newCase.notifications)),
    CASE_NUMBER_PLACEHOLDER,
  ];
  return (await executor.executeQuery<CaseListRow>(CompiledQuery.raw(text, parameters))).rows;
}
