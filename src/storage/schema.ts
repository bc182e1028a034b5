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
  created_at: string;
  updated_at: string;
}

export interface SitesTable {
  id: string;
  organization_id: string;
  name: string;
  address: string | null;
  created_at: string;
}

export interface ContactsTable {
  id: string;
  organization_id: string;
  site_id: string | null;
  name: string;
  email: string | null;
  phone: string | null;
  /** Digits of `phone` only, so the hotline can find a caller however the number was typed. */
  phone_digits: string | null;
  language: string;
  created_at: string;
}

export interface UsersTable {
  id: string;
  email: string;
  name: string;
  role: string;
  organization_id: string | null;
  department_id: string | null;
  password_hash: string | null;
  language: string;
  created_at: string;
  updated_at: string;
  disabled_at: string | null;
}

export interface DepartmentsTable {
  id: string;
  name: string;
  manager_user_id: string | null;
  vp_in_charge_user_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface CompanyPositionsTable {
  position: string;
  user_id: string | null;
  updated_at: string;
}

export interface SessionsTable {
  token_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  expires_at: string;
  last_seen_at: string;
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

export interface AuditLogTable {
  id: string;
  at: string;
  actor_user_id: string | null;
  action: string;
  entity_type: string;
  entity_id: string;
  before_json: string | null;
  after_json: string | null;
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
  level: number;
  kind: string;
  title: string;
  description: string;
  status: string;
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
}

export interface EscalationStepsTable {
  id: string;
  case_id: string;
  position: string;
  level: number;
  after_hours: number;
  vendor_report: number;
  status: string;
  due_at: string | null;
  fired_at: string | null;
  recipients_json: string | null;
  acknowledged_at: string | null;
  acknowledged_by: string | null;
}

export interface VendorEscalationsTable {
  id: string;
  case_id: string;
  vendor_id: string | null;
  vendor_name: string | null;
  support_center_json: string | null;
  vendor_case_number: string | null;
  status: string;
  opened_at: string;
  updated_at: string;
}

export interface ConfigurationAlertsTable {
  key: string;
  kind: string;
  position: string;
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
  language: string;
  subject: string;
  text_body: string;
  html_body: string;
  dedupe_key: string;
  /** 'pending' | 'sending' | 'sent' | 'dead' */
  status: string;
  attempts: number;
  next_attempt_at: string;
  lease_until: string | null;
  claim_token: string | null;
  last_error: string | null;
  message_id: string;
  case_id: string | null;
  created_at: string;
  sent_at: string | null;
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
}

export interface VendorsTable {
  id: string;
  name: string;
  name_key: string;
  support_center_name: string | null;
  support_center_phone: string | null;
  support_center_email: string | null;
  support_center_url: string | null;
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
  notes: string | null;
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

export interface Database {
  organizations: OrganizationsTable;
  sites: SitesTable;
  contacts: ContactsTable;
  users: UsersTable;
  departments: DepartmentsTable;
  company_positions: CompanyPositionsTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  audit_log: AuditLogTable;
  system_flags: SystemFlagsTable;
  escalation_policies: EscalationPoliciesTable;
  escalation_policy_versions: EscalationPolicyVersionsTable;
  case_number_counters: CaseNumberCountersTable;
  cases: CasesTable;
  case_serial_numbers: CaseSerialNumbersTable;
  case_events: CaseEventsTable;
  case_actions: CaseActionsTable;
  escalation_steps: EscalationStepsTable;
  vendor_escalations: VendorEscalationsTable;
  configuration_alerts: ConfigurationAlertsTable;
  outbox_messages: OutboxMessagesTable;
  notifications: NotificationsTable;
  vendors: VendorsTable;
  projects: ProjectsTable;
  project_attachments: ProjectAttachmentsTable;
  assets: AssetsTable;
  contracts: ContractsTable;
  contract_coverage: ContractCoverageTable;
  yearly_checks: YearlyChecksTable;
  case_exchanges: CaseExchangesTable;
  case_compensations: CaseCompensationsTable;
}
