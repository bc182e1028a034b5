import type { ColumnType, Generated } from 'kysely';
import type { Language, Role } from '../domain/access/roles.js';
import type { CaseStatus } from '../domain/cases/case-lifecycle.js';
import type { CaseLevel } from '../domain/cases/levels.js';
import type { LadderStepStatus } from '../domain/escalation/escalation-ladder.js';
import type { EscalationPosition } from '../domain/escalation/positions.js';
import type { VendorEscalationStatus } from '../domain/escalation/vendor-escalation.js';
import type { ProblemStatus } from '../domain/problems/problem-lifecycle.js';
import type { ProposalStatus, RecurrenceRuleId } from '../domain/problems/recurrence.js';
import type { VisitStatus } from '../domain/visits/visit-schedule.js';

/**
 * The tables as Kysely sees them. Both dialects store the same shapes: ids are text (UUIDv7, so ids sort by
 * creation time), instants are ISO-8601 UTC text (sortable and identical in SQLite and PostgreSQL), booleans are
 * nullable instants or 0/1 integers, structured values are JSON text.
 */

export interface OrganizationsTable {
  id: string;
  name: string;
  code: string | null;
  notes: string | null;
  /** ISO 3166 alpha-2: where its phone numbers written without a country code are read (`CASEDESK_DEFAULT_COUNTRY` at first). */
  country: ColumnType<string, string | undefined, string>;
  /** The department that services this customer's cases unless a contract or the secretary says otherwise. */
  default_department_id: string | null;
  created_at: string;
  updated_at: string;
  /** When it was retired (null while active) and by whom; a retired record stays on old cases but takes no new work. */
  retired_at: ColumnType<string | null, string | null | undefined, string | null>;
  retired_by: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface SitesTable {
  id: string;
  organization_id: string;
  name: string;
  address: string | null;
  /** How to get in: gate, badge, who lets the engineer in, parking. */
  access_notes: string | null;
  /** The site's own opening hours as the customer states them, e.g. "Mon–Fri 08:30–17:30". */
  hours: string | null;
  created_at: string;
  /** Null until the site is first changed. */
  updated_at: string | null;
  /** When it was retired (null while active) and by whom; a retired record stays on old cases but takes no new work. */
  retired_at: ColumnType<string | null, string | null | undefined, string | null>;
  retired_by: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface ContactsTable {
  id: string;
  organization_id: string;
  site_id: string | null;
  name: string;
  email: string | null;
  /** E.164 (`+862155550101`); a number stored before 0012 that could not be read stays as it was typed. */
  phone: string | null;
  /** The digits of `phone` (E.164 without `+`), so the hotline finds a caller by the whole number or a part of it. */
  phone_digits: string | null;
  /** What the contact is at the customer, as they say it ("Network administrator"); null when not known. */
  role_at_customer: ColumnType<string | null, string | null | undefined, string | null>;
  /** Another number (mobile, desk), E.164 like `phone`. */
  second_phone: ColumnType<string | null, string | null | undefined, string | null>;
  /** The digits of `second_phone`, searched like `phone_digits`. */
  second_phone_digits: ColumnType<string | null, string | null | undefined, string | null>;
  language: Language;
  created_at: string;
  /** When it was retired (null while active) and by whom; a retired record stays on old cases but takes no new work. */
  retired_at: ColumnType<string | null, string | null | undefined, string | null>;
  retired_by: ColumnType<string | null, string | null | undefined, string | null>;
  /** When the contact's personal data was erased (migration 0044): the name is a pseudonym, the rest cleared. */
  erased_at: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface UsersTable {
  id: string;
  email: string;
  name: string;
  role: Role;
  organization_id: string | null;
  department_id: string | null;
  password_hash: string | null;
  language: Language;
  created_at: string;
  updated_at: string;
  disabled_at: string | null;
  /** Customers only: the contact of their organisation that they are, named on the cases they open. */
  contact_id: string | null;
  /** When the user's personal data was erased (migration 0044); the account is disabled then. */
  erased_at: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface DepartmentsTable {
  id: string;
  name: string;
  manager_user_id: string | null;
  vp_in_charge_user_id: string | null;
  /** 1 for the one department that services cases nobody else names (the company default), else 0. */
  company_default: number;
  created_at: string;
  updated_at: string;
}

export interface CompanyPositionsTable {
  position: string;
  user_id: string | null;
  updated_at: string;
}

/** Failed sign-ins counted per key (`ip:<address>`, `account:<address>|<e-mail>`) in a fixed window. */
export interface SignInThrottlesTable {
  key: string;
  failures: number;
  window_started_at: string;
}

export interface SessionsTable {
  token_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  expires_at: string;
  last_seen_at: string;
}

/** A password reset link; only the token's hash is stored. */
export interface PasswordResetsTable {
  token_hash: string;
  user_id: string;
  /** The admin who sent it; null when the user asked for it (or the command line made it). */
  requested_by_user_id: string | null;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface ApiTokensTable {
  id: string;
  user_id: string;
  name: string;
  token_hash: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

/** A wallboard's read-only token (migration 0046); only its hash is stored. */
/** Open cases per department (`''` for none) and level, kept by triggers on `cases` (migration 0049); a figure is the sum over its slots. */
export interface OpenCaseCountsTable {
  department_key: string;
  level: number;
  slot: number;
  open: number;
}

export interface WallboardTokensTable {
  id: string;
  name: string;
  token_hash: string;
  created_by: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface AuditLogTable {
  id: string;
  at: string;
  actor_user_id: string | null;
  action: string;
  entity_type: string;
  entity_id: string;
  before_json: string | null;
  after_json: string | null;
  /** The network address of the client whose request made the change (migration 0054); null without a request. */
  client_address: string | null;
}

export interface SystemFlagsTable {
  name: string;
  value: string;
  set_at: string;
}

export interface EscalationPoliciesTable {
  id: string;
  name: string;
  is_default: number;
  current_version_id: string | null;
  created_at: string;
}

export interface EscalationPolicyVersionsTable {
  id: string;
  policy_id: string;
  version: number;
  body_json: string;
  created_at: string;
  created_by: string | null;
}

export interface CaseNumberCountersTable {
  year: number;
  last_number: number;
}

export interface CasesTable {
  id: string;
  number: string;
  organization_id: string;
  contact_id: string | null;
  department_id: string | null;
  assignee_user_id: string | null;
  channel: string;
  level: CaseLevel;
  kind: string;
  title: string;
  description: string;
  status: CaseStatus;
  received_at: string;
  created_at: string;
  updated_at: string;
  created_by: string | null;
  policy_version_id: string;
  clock_counted_ms: number;
  clock_running_since: string | null;
  /** The earliest pending escalation step, kept here so queues sort and filter without joining the ladder. */
  next_escalation_due_at: string | null;
  escalated_at: string | null;
  first_response_due_at: string | null;
  first_responded_at: string | null;
  /**
   * Wall-clock milliseconds from received-at to the first response, written with it by the releases of migrations
   * 0049 to 0060; no longer written or read (the report counts `first_response_working_ms`).
   */
  first_response_ms: number | null;
  /**
   * Business time from received-at to the first response on the policy's calendar, written with the response
   * (migration 0061, which filled it for the cases answered before; a case the previous release answers during a
   * rolling upgrade gets it from the background job `backfillFirstResponseTimes`).
   */
  first_response_working_ms: number | null;
  /** When the first-response breach was claimed and the department manager told (migration 0041). */
  first_response_breach_notified_at: string | null;
  /** Business time from received-at to resolution on the policy's calendar; null while unresolved (migration 0041). */
  resolution_working_ms: number | null;
  remote_authorized_at: string | null;
  remote_authorized_by: string | null;
  billing: string | null;
  entitlement_json: string | null;
  vendor_id: string | null;
  resolved_at: string | null;
  closed_at: string | null;
}

export interface CaseSerialNumbersTable {
  case_id: string;
  serial_number: string;
}

/**
 * Every searchable text of a case, one row each, written by triggers (migration 0028) and indexed for substring
 * search: a trigram FTS5 table (`case_search_fts`) on SQLite, a pg_trgm GIN index on PostgreSQL; their CJK bigrams
 * (migration 0064) in the FTS5 table `case_search_bigrams` on SQLite, a GIN index over `casedesk_cjk_bigrams(text)` on
 * PostgreSQL.
 */
export interface CaseSearchTextsTable {
  id: Generated<number>;
  case_id: string;
  /** `number`, `title`, `description`, `customer`, `contact`, `reply`, `work`, `visit`, `serial`, `vendor_case`. */
  source: string;
  source_id: string;
  /** 1 = staff only (an internal note, the vendor's case number). */
  internal: number;
  text: string;
}

export interface CaseEventsTable {
  id: string;
  case_id: string;
  at: string;
  kind: string;
  actor_user_id: string | null;
  visibility: string;
  data_json: string;
}

export interface CaseActionsTable {
  id: string;
  case_id: string;
  type: string;
  performed_by: string;
  engineer_user_id: string | null;
  started_at: string | null;
  ended_at: string | null;
  planned_start: string | null;
  planned_end: string | null;
  arrived_at: string | null;
  departed_at: string | null;
  summary: string;
  outcome: string | null;
  created_at: string;
  /** 'guarantee' | 'contract' | 'chargeable', decided for the day of the work; null for items recorded before it was. */
  billing: string | null;
  /** The decision behind `billing` (reason, contract, covered services, day), as JSON. */
  billing_json: string | null;
}

/** Who a fired upgrading report told, one row per person (migration 0035), for the "escalated to me" queue. */
export interface EscalationRecipientsTable {
  user_id: string;
  case_id: string;
  step_id: string;
}

/** A user's named queue filter: the view and filters as the queue page's query (`filter_json`). */
export interface SavedQueueFiltersTable {
  id: string;
  user_id: string;
  name: string;
  filter_json: string;
  created_at: string;
}

/** The queue columns a user chose, in order. */
export interface QueueColumnsTable {
  user_id: string;
  columns_json: string;
  updated_at: string;
}

export interface EscalationStepsTable {
  id: string;
  case_id: string;
  position: EscalationPosition;
  level: CaseLevel;
  after_hours: number;
  vendor_report: number;
  status: LadderStepStatus;
  due_at: string | null;
  fired_at: string | null;
  recipients_json: string | null;
  acknowledged_at: string | null;
  acknowledged_by: string | null;
  /** Why an admin acknowledged it on behalf of the people it told; null when one of them did. */
  acknowledged_reason: string | null;
}

export interface VendorEscalationsTable {
  id: string;
  case_id: string;
  vendor_id: string | null;
  vendor_name: string | null;
  support_center_json: string | null;
  vendor_case_number: string | null;
  status: VendorEscalationStatus;
  opened_at: string;
  updated_at: string;
  /** When the vendor report last went to the support center, and to which address. */
  report_sent_at: string | null;
  report_sent_to: string | null;
}

export interface ConfigurationAlertsTable {
  key: string;
  kind: string;
  position: EscalationPosition;
  department_id: string | null;
  last_case_id: string | null;
  occurrences: number;
  first_seen_at: string;
  last_seen_at: string;
}

export interface OutboxMessagesTable {
  id: string;
  kind: string;
  recipient_user_id: string | null;
  to_address: string;
  language: Language;
  subject: string;
  text_body: string;
  html_body: string;
  dedupe_key: string;
  /** 'pending' | 'sending' | 'sent' | 'dead' */
  status: string;
  attempts: number;
  next_attempt_at: string;
  /** Short, and pushed forward by the holding sender's heartbeat; once past, any sender may take the message over. */
  lease_until: string | null;
  /** One per sender run; indexed so the heartbeat renews all of a run's messages in one statement. */
  claim_token: string | null;
  last_error: string | null;
  message_id: string;
  /** The Message-ID this mail answers in its case's thread (null for a case's first mail and mail of no case). */
  in_reply_to: ColumnType<string | null, string | null | undefined, string | null>;
  /** The thread's Message-IDs, space-separated, oldest first, capped (see enqueue-mail.ts). */
  references_header: ColumnType<string | null, string | null | undefined, string | null>;
  /** `<…>` of the conversation this mail belongs to (sent as In-Reply-To and References); null for a mail on its own. */
  thread_message_id: string | null;
  case_id: string | null;
  created_at: string;
  sent_at: string | null;
  /** JSON array of the case attachment ids the mail carries (by reference; the bytes stay in the file store). */
  attachment_ids_json: ColumnType<string | null, string | null | undefined, string | null>;
  /** The figures of a weekly summary, printed as the mail's PDF attachment when it is sent (migration 0047). */
  report_json: ColumnType<string | null, string | null | undefined, string | null>;
}

/** Extra addresses (besides the case's contact) that receive a case's public replies. */
export interface CaseCcAddressesTable {
  case_id: string;
  address: string;
  added_at: string;
}

/** Settings an admin changes in the web app (as opposed to the environment), one named value each. */
export interface AdminSettingsTable {
  name: string;
  value: string;
  updated_at: string;
  updated_by: string | null;
}

export interface InboundMailTable {
  id: string;
  /** The mail's Message-ID (`<…>`), or `sha256:<hex>` of its bytes when it has none. */
  message_id: string;
  received_at: string;
  /** Lower case. */
  from_address: string;
  from_name: string | null;
  to_address: string | null;
  subject: string;
  in_reply_to: string | null;
  /** JSON array of the Message-IDs in `References`. */
  references_json: string;
  /** Plain text (from the HTML when the mail had only HTML). */
  text_body: string;
  /** The HTML part after sanitising; null when the mail had none. */
  html_body: string | null;
  /** The whole mail as it arrived, kept so staff can see the original. */
  raw: string;
  /** 'case-opened' | 'replied' | 'bounce' | 'ignored' | 'unmatched' | 'refused' | 'assigned' | 'discarded' */
  status: string;
  /** Why it was ignored or left unmatched. */
  reason: string | null;
  case_id: string | null;
  /** Who assigned or discarded an unmatched mail, and when. */
  handled_by: string | null;
  handled_at: string | null;
  /** The size the mailbox reported for a refused mail (migration 0055); null otherwise. */
  size_bytes: ColumnType<number | null, number | null | undefined, number | null>;
  /** When an erasure of personal data rebuilt `raw` without the person (migration 0060); null: the mail as it came. */
  erased_at: ColumnType<string | null, string | null | undefined, string | null>;
}

/** One user's choice for one kind of notification; kinds without a row follow the defaults. */
export interface NotificationPreferencesTable {
  user_id: string;
  kind: string;
  in_app: number;
  email: number;
  updated_at: string;
}

export interface NotificationsTable {
  id: string;
  user_id: string;
  kind: string;
  case_id: string | null;
  title: string;
  body: string;
  link: string | null;
  dedupe_key: string | null;
  created_at: string;
  read_at: string | null;
  /**
   * The title and body as catalogue keys and values (`Wording` of `src/i18n/wording.ts`), worded in the reader's
   * language when read; null in rows written before migration 0062, which are shown as `title` and `body` say.
   */
  wording_json: string | null;
}

export interface VendorsTable {
  id: string;
  name: string;
  name_key: string;
  support_center_name: string | null;
  support_center_phone: string | null;
  support_center_email: string | null;
  support_center_url: string | null;
  /** The company's support contract number with the vendor, quoted to its support center. */
  support_contract_number: string | null;
  /** When the vendor was retired (no longer offered for new products or vendor escalations); null while in use. */
  retired_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface ProjectsTable {
  id: string;
  organization_id: string;
  name: string;
  /** `YYYY-MM-DD` */
  delivered_at: string;
  /** `YYYY-MM-DD`, the last day of the guarantee. */
  guarantee_ends_at: string;
  implementing_department_id: string | null;
  sites_json: string;
  notes: string | null;
  next_check_on: string | null;
  created_by: string | null;
  /** When the delivered project was closed: its products stay, no new ones are added to it; null while open. */
  retired_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface ProjectAttachmentsTable {
  id: string;
  project_id: string;
  file_name: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
  stored_name: string;
  uploaded_by: string | null;
  created_at: string;
}

/** The bytes of uploaded files on PostgreSQL (see file-store.ts); SQLite keeps them in the data folder. */
export interface StoredFilesTable {
  key: string;
  content: Buffer;
  size_bytes: number;
  created_at: string;
}

export interface CaseAttachmentsTable {
  id: string;
  /** Null for an upload made while a case was being logged, until that case is opened with it. */
  case_id: string | null;
  /** The timeline entry the file came with; null while it is an upload not yet sent with a message. */
  event_id: string | null;
  /** 'public' | 'internal': the entry's visibility (a draft: 'public' until it is sent). */
  visibility: string;
  file_name: string;
  /** Decided from the bytes on upload. */
  content_type: string;
  size_bytes: number;
  sha256: string;
  /** Where the file store keeps the bytes. */
  storage_key: string;
  /** 'upload' | 'email' */
  source: string;
  uploaded_by: string | null;
  /** The sender of a mailed-in file without an account. */
  uploaded_by_name: string | null;
  created_at: string;
}

export interface AssetsTable {
  id: string;
  organization_id: string;
  project_id: string | null;
  vendor_id: string;
  model: string;
  serial_number: string;
  software_version: string | null;
  site: string | null;
  notes: string | null;
  /** 'in-service' | 'exchanged' */
  status: string;
  replaces_asset_id: string | null;
  replaced_by_asset_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface ContractsTable {
  id: string;
  organization_id: string;
  number: string;
  starts_at: string;
  ends_at: string;
  services_json: string;
  covers_whole_organization: number;
  policy_id: string | null;
  /** The department that services cases under this contract; before the organisation's default. */
  default_department_id: string | null;
  notes: string | null;
  /** `YYYY-MM-DD`: the first day the contract no longer covers (ended early or cancelled); null while it runs as agreed. */
  cancelled_on: string | null;
  cancellation_reason: string | null;
  created_at: string;
  updated_at: string;
}

export interface ContractCoverageTable {
  id: string;
  contract_id: string;
  project_id: string | null;
  serial_number: string | null;
}

export interface YearlyChecksTable {
  id: string;
  project_id: string;
  due_on: string;
  case_id: string | null;
  created_at: string;
}

export interface CaseExchangesTable {
  id: string;
  case_id: string;
  old_asset_id: string;
  new_asset_id: string;
  old_serial_number: string;
  new_serial_number: string;
  reason: string;
  approved_by_user_id: string;
  recorded_by: string;
  recorded_at: string;
}

export interface CaseCompensationsTable {
  id: string;
  case_id: string;
  contract_id: string | null;
  description: string;
  amount_minor: number | null;
  currency: string | null;
  approved_by_user_id: string;
  recorded_by: string;
  recorded_at: string;
}

export interface SigningKeysTable {
  name: string;
  secret: string;
  created_at: string;
}

export interface SignedLinksTable {
  id: string;
  /** 'service-record-confirmation' | 'survey' */
  purpose: string;
  subject_id: string;
  recipient_email: string | null;
  expires_at: string;
  used_at: string | null;
  used_ip: string | null;
  used_user_agent: string | null;
  created_at: string;
}

export interface VisitsTable {
  id: string;
  case_id: string;
  organization_id: string;
  engineer_user_id: string;
  /** The on-site service action on the case that this visit fills in. */
  action_id: string;
  starts_at: string;
  ends_at: string;
  site: string;
  site_id: string | null;
  contact_id: string | null;
  contact_name: string | null;
  contact_phone: string | null;
  notes: string | null;
  /** 'scheduled' | 'on-site' | 'done' | 'cancelled' */
  status: VisitStatus;
  arrived_at: string | null;
  departed_at: string | null;
  work_done: string | null;
  /** RFC 5545 SEQUENCE: raised on every change so calendar apps take the newer copy. */
  sequence: number;
  created_by: string;
  created_at: string;
  updated_at: string;
}

export interface CalendarFeedsTable {
  user_id: string;
  nonce: string;
  created_at: string;
}

export interface ServiceRecordConfirmationsTable {
  id: string;
  case_id: string;
  /** 'portal' | 'link' */
  method: string;
  confirmed_by_user_id: string | null;
  confirmed_by_name: string;
  confirmed_by_email: string | null;
  link_id: string | null;
  note: string | null;
  ip: string | null;
  user_agent: string | null;
  at: string;
}

export interface TrainingsTable {
  id: string;
  organization_id: string;
  case_id: string | null;
  department_id: string | null;
  /** 'class' | 'display' */
  kind: string;
  topic: string;
  trainer_user_id: string;
  scheduled_on: string;
  start_time: string | null;
  end_time: string | null;
  place: string;
  materials_json: string;
  contact_id: string | null;
  /** 'planned' | 'held' | 'cancelled' */
  status: string;
  held_at: string | null;
  cancelled_at: string | null;
  cancellation_reason: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
}

export interface TrainingAttendeesTable {
  id: string;
  training_id: string;
  name: string;
  email: string | null;
  contact_id: string | null;
  attended: number | null;
  recorded_at: string | null;
}

export interface ArticlesTable {
  id: string;
  category: string | null;
  /** 'internal' | 'customer' */
  visibility: string;
  /** 'draft' | 'published' */
  status: string;
  published_at: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
}

export interface ArticleVersionsTable {
  id: string;
  article_id: string;
  /** 'en' | 'zh-CN' */
  language: string;
  version: number;
  title: string;
  body: string;
  created_by: string;
  created_at: string;
}

export interface ArticleTagsTable {
  article_id: string;
  tag: string;
}

export interface ArticleCasesTable {
  article_id: string;
  case_id: string;
  linked_by: string;
  linked_at: string;
}

export interface ArticleProblemsTable {
  article_id: string;
  problem_id: string;
  linked_by: string;
  linked_at: string;
}

/** One searchable text of a problem or an article (migration 0033), kept by triggers. */
export interface KnowledgeSearchTextsTable {
  id: Generated<number>;
  /** 'problem' | 'article' */
  kind: string;
  record_id: string;
  /** problem: title, description, root_cause, workaround; article: title, body (source_id = language), tag */
  source: string;
  source_id: string;
  text: string;
}

export interface ArticleFeedbackTable {
  article_id: string;
  user_id: string;
  /** 1 helpful, 0 not */
  helpful: number;
  at: string;
}

export interface SurveysTable {
  id: string;
  subject_key: string;
  /** 'case' | 'visit' | 'training' */
  subject_kind: string;
  organization_id: string;
  case_id: string | null;
  visit_id: string | null;
  training_id: string | null;
  department_id: string | null;
  person_user_id: string | null;
  contact_id: string | null;
  recipient_email: string | null;
  language: Language;
  questions_json: string;
  /** 'sent' | 'awaiting-entry' | 'answered' */
  status: string;
  link_id: string | null;
  created_at: string;
  sent_at: string | null;
  answered_at: string | null;
  channel: string | null;
  entered_by: string | null;
  respondent_name: string | null;
  score_personnel: number | null;
  score_organization: number | null;
  score_system: number | null;
  score_technical_support: number | null;
  score_system_condition: number | null;
  score_project_implementation: number | null;
  score_after_sales: number | null;
  score_training: number | null;
  comment: string | null;
}

/** Who is credited with a survey's service (several people may have done it). */
export interface SurveyCreditsTable {
  survey_id: string;
  user_id: string;
}

export interface FollowUpsTable {
  id: string;
  survey_id: string;
  organization_id: string;
  case_id: string | null;
  department_id: string | null;
  assignee_user_id: string | null;
  due_at: string;
  /** 'open' | 'closed' */
  status: string;
  low_scores_json: string;
  created_at: string;
  closed_at: string | null;
  closed_by: string | null;
  resolution: string | null;
  /** When the owner was reminded that the follow-up is overdue; null until then (set once across instances). */
  overdue_notified_at: string | null;
}

/**
 * The position of each case's latest change in the live feed's order, written by a database trigger on every insert
 * and update of `cases`. `tx` is the writing transaction's id on PostgreSQL and 0 on SQLite; both come back as text
 * or number depending on the driver, so they are read through casts.
 */
/** Where the search indexer stands in the case-changes feed (one row, id 1). */
export interface CaseSearchCursorTable {
  id: number;
  tx: string | number;
  seq: string | number;
}

export interface CaseChangesTable {
  case_id: string;
  tx: string | number;
  seq: string | number;
}

/** A caller's idempotency key for one request (see services/cases/open-case-once.ts). */
export interface IdempotencyKeysTable {
  caller_id: string;
  key: string;
  operation: string;
  request_hash: string;
  resource_id: string;
  response_status: number | null;
  response_json: string | null;
  created_at: string;
  expires_at: string;
}

export interface ProblemsTable {
  id: string;
  title: string;
  description: string;
  status: ProblemStatus;
  owner_user_id: string;
  root_cause: string | null;
  workaround: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
  resolved_at: string | null;
  closed_at: string | null;
}

export interface ProblemOrganizationsTable {
  problem_id: string;
  organization_id: string;
}

export interface ProblemProductsTable {
  id: string;
  problem_id: string;
  vendor_id: string | null;
  model: string | null;
}

export interface ProblemCasesTable {
  problem_id: string;
  case_id: string;
  linked_by: string | null;
  linked_at: string;
}

export interface ProblemActionsTable {
  id: string;
  problem_id: string;
  description: string;
  owner_user_id: string;
  /** `YYYY-MM-DD`, a company day */
  due_on: string;
  done_at: string | null;
  done_by: string | null;
  /** When the owners were told the action is overdue; set once. */
  overdue_notified_at: string | null;
  created_by: string;
  created_at: string;
}

export interface ProblemEventsTable {
  id: string;
  problem_id: string;
  at: string;
  kind: string;
  actor_user_id: string | null;
  data_json: string;
}

/** A recurrence rule an admin changed (migration 0032); rules without a row have their defaults. */
export interface RecurrenceRulesTable {
  id: RecurrenceRuleId;
  enabled: number;
  threshold: number;
  window_days: number;
  updated_at: string;
  updated_by: string | null;
}

/** A pattern of recurring faults proposed as a problem; `(pattern_key, round)` is unique. */
export interface ProblemProposalsTable {
  id: string;
  rule: RecurrenceRuleId;
  pattern_key: string;
  round: number;
  serial_number: string | null;
  organization_id: string | null;
  vendor_id: string | null;
  model: string | null;
  /** The rule as it was when the pattern was proposed. */
  threshold: number;
  window_days: number;
  status: ProposalStatus;
  proposed_at: string;
  decided_at: string | null;
  decided_by: string | null;
  dismiss_reason: string | null;
  problem_id: string | null;
}

export interface ProblemProposalCasesTable {
  proposal_id: string;
  case_id: string;
}

/** A row while an erasure rewrites the append-only timeline and audit log (migration 0044); gone at commit. */
export interface PersonalDataErasuresTable {
  id: string;
}

/** When a periodic job may next run on any instance (claim-periodic-run.ts). */
export interface PeriodicRunsTable {
  name: string;
  next_run_at: string;
}

/** A canned reply (migration 0037): shared with `department_id` or owned by `owner_user_id`, never both. */
export interface CannedRepliesTable {
  id: string;
  title: string;
  /** The English text; '' when the reply is not written in English. */
  body_en: string;
  /** The Simplified Chinese text; '' when the reply is not written in Chinese. */
  body_zh: string;
  department_id: string | null;
  owner_user_id: string | null;
  created_by: string;
  created_at: string;
  updated_by: string;
  updated_at: string;
}

/** A webhook subscription (migration 0039): where CaseDesk posts which events, signed with `secret` (`whsec_…`). */
export interface WebhookSubscriptionsTable {
  id: string;
  url: string;
  events_json: string;
  description: string | null;
  secret: string;
  enabled: number;
  disabled_reason: string | null;
  owner_user_id: string;
  consecutive_failures: number;
  failing_since: string | null;
  created_at: string;
  updated_at: string;
}

/** An event not yet turned into deliveries: a timeline event (written by a trigger) or a problem's creation. */
export interface WebhookEventQueueTable {
  id: string;
  source_kind: string;
  case_id: string | null;
  problem_id: string | null;
  at: string;
  actor_user_id: string | null;
  data_json: string;
}

/**
 * The columns both outboxes of outgoing HTTP posts have (webhook and chat deliveries): a pending row is due at
 * `next_attempt_at` and claimed by one sender under a lease (`repositories/leased-deliveries.ts`).
 */
export interface LeasedDeliveryColumns {
  id: string;
  status: string;
  attempts: number;
  next_attempt_at: string;
  claim_token: string | null;
  claimed_until: string | null;
  last_attempt_at: string | null;
  delivered_at: string | null;
}

export interface WebhookDeliveriesTable extends LeasedDeliveryColumns {
  subscription_id: string;
  message_id: string;
  event_type: string;
  payload_json: string;
  created_at: string;
}

/** A chat target (migration 0043): a team chat's robot or incoming webhook that a user's or a position's reports reach. */
export interface ChatTargetsTable {
  id: string;
  owner_user_id: string | null;
  owner_position: string | null;
  kind: string;
  url: string;
  secret: string | null;
  label: string | null;
  enabled: number;
  created_by: string;
  created_at: string;
  updated_at: string;
  last_attempt_at: string | null;
  last_delivered: number | null;
  last_status_code: number | null;
  last_error: string | null;
}

/** A message waiting for (or done with) a chat target: the chat outbox. */
export interface ChatDeliveriesTable extends LeasedDeliveryColumns {
  target_id: string;
  message_id: string;
  kind: string;
  case_id: string | null;
  body_json: string;
  created_at: string;
  last_error: string | null;
}

export interface WebhookDeliveryAttemptsTable {
  id: string;
  delivery_id: string;
  attempted_at: string;
  status_code: number | null;
  duration_ms: number;
  response_excerpt: string | null;
  error: string | null;
}

export interface Database {
  personal_data_erasures: PersonalDataErasuresTable;
  periodic_runs: PeriodicRunsTable;
  canned_replies: CannedRepliesTable;
  escalation_recipients: EscalationRecipientsTable;
  saved_queue_filters: SavedQueueFiltersTable;
  queue_columns: QueueColumnsTable;
  organizations: OrganizationsTable;
  sites: SitesTable;
  contacts: ContactsTable;
  users: UsersTable;
  departments: DepartmentsTable;
  company_positions: CompanyPositionsTable;
  sessions: SessionsTable;
  password_resets: PasswordResetsTable;
  sign_in_throttles: SignInThrottlesTable;
  api_tokens: ApiTokensTable;
  wallboard_tokens: WallboardTokensTable;
  open_case_counts: OpenCaseCountsTable;
  audit_log: AuditLogTable;
  system_flags: SystemFlagsTable;
  escalation_policies: EscalationPoliciesTable;
  escalation_policy_versions: EscalationPolicyVersionsTable;
  case_number_counters: CaseNumberCountersTable;
  cases: CasesTable;
  case_serial_numbers: CaseSerialNumbersTable;
  case_search_texts: CaseSearchTextsTable;
  case_search_cursor: CaseSearchCursorTable;
  case_events: CaseEventsTable;
  case_actions: CaseActionsTable;
  escalation_steps: EscalationStepsTable;
  vendor_escalations: VendorEscalationsTable;
  configuration_alerts: ConfigurationAlertsTable;
  outbox_messages: OutboxMessagesTable;
  case_cc_addresses: CaseCcAddressesTable;
  admin_settings: AdminSettingsTable;
  notifications: NotificationsTable;
  notification_preferences: NotificationPreferencesTable;
  inbound_mail: InboundMailTable;
  vendors: VendorsTable;
  projects: ProjectsTable;
  project_attachments: ProjectAttachmentsTable;
  stored_files: StoredFilesTable;
  case_attachments: CaseAttachmentsTable;
  assets: AssetsTable;
  contracts: ContractsTable;
  contract_coverage: ContractCoverageTable;
  yearly_checks: YearlyChecksTable;
  case_exchanges: CaseExchangesTable;
  case_compensations: CaseCompensationsTable;
  signing_keys: SigningKeysTable;
  signed_links: SignedLinksTable;
  visits: VisitsTable;
  calendar_feeds: CalendarFeedsTable;
  service_record_confirmations: ServiceRecordConfirmationsTable;
  trainings: TrainingsTable;
  training_attendees: TrainingAttendeesTable;
  articles: ArticlesTable;
  article_versions: ArticleVersionsTable;
  article_tags: ArticleTagsTable;
  article_cases: ArticleCasesTable;
  article_feedback: ArticleFeedbackTable;
  article_problems: ArticleProblemsTable;
  knowledge_search_texts: KnowledgeSearchTextsTable;
  surveys: SurveysTable;
  survey_credits: SurveyCreditsTable;
  follow_ups: FollowUpsTable;
  case_changes: CaseChangesTable;
  idempotency_keys: IdempotencyKeysTable;
  problems: ProblemsTable;
  problem_organizations: ProblemOrganizationsTable;
  problem_products: ProblemProductsTable;
  problem_cases: ProblemCasesTable;
  problem_actions: ProblemActionsTable;
  problem_events: ProblemEventsTable;
  recurrence_rules: RecurrenceRulesTable;
  problem_proposals: ProblemProposalsTable;
  problem_proposal_cases: ProblemProposalCasesTable;
  webhook_subscriptions: WebhookSubscriptionsTable;
  webhook_event_queue: WebhookEventQueueTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_delivery_attempts: WebhookDeliveryAttemptsTable;
  chat_targets: ChatTargetsTable;
  chat_deliveries: ChatDeliveriesTable;
}
