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
}
