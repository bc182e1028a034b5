import type { Actor } from '../../domain/access/permissions.js';
import type { Language } from '../../domain/access/roles.js';
import type { RetiredFilter } from '../../domain/contacts/retirement.js';
import { displayPhoneNumber } from '../../domain/contacts/phone-numbers.js';
import { yearlyCheckProgress } from '../../domain/entitlement/yearly-checks.js';
import type { ProblemStatus } from '../../domain/problems/problem-lifecycle.js';
import type { CaseListRow } from '../../storage/repositories/cases.js';
import type { ProblemListRow } from '../../storage/repositories/problems.js';
import type { SiteRow } from '../../storage/repositories/organizations.js';
import { findUserNames } from '../../storage/repositories/users.js';
import type { VendorRow } from '../../storage/repositories/vendors.js';
import { listAuditLog, type AuditEntry, type AuditLogFilter } from '../audit/list-audit-log.js';
import { listCases, type CaseQuery } from '../cases/view-cases.js';
import type { ServiceContext } from '../context.js';
import { listProblemsFor } from '../problems/view-problems.js';
import { listVendorsPage } from '../delivered-systems/manage-vendors.js';
import { listYearlyChecksOfMonth, type MonthCheck } from '../delivered-systems/list-yearly-checks.js';
import { listOrganizationSites } from '../organizations/manage-organizations.js';
import { listTrainingsFor, type TrainingDetails } from '../trainings/view-trainings.js';
import { csvColumn as column, cursorPages, mapPages, writeListCsv, type CsvColumn, type CsvDownload } from './csv-writer.js';

/*
 * The lists a user sees as CSV. Each export reads its list through the very service the page reads it through, so
 * the permission, the customer's scope and the filters are the list's own; what differs per kind is only its table
 * of columns below. The columns follow what the page shows, with codes turned into words of the reader's language.
 */

/** Rows read per page while a file is written. */
const PAGE = 500;

const retiredOrActive = (retiredAt: string | null) => (retiredAt === null ? 'listCsv.values.active' : 'listCsv.values.retired');

type ListedCase = CaseListRow & { serialNumbers: string[] };

const CASE_COLUMNS: CsvColumn<ListedCase>[] = [
  column('number', (row) => row.number),
  column('receivedAt', (row, f) => f.when(row.received_at)),
  column('customer', (row) => row.organization_name),
  column('title', (row) => row.title),
  column('kind', (row, f) => f.t(`serviceLoop.pdf.kinds.${row.kind}`)),
  column('level', (row) => row.level),
  column('status', (row, f) => f.t(`serviceLoop.pdf.statuses.${row.status}`)),
  column('channel', (row, f) => f.t(`serviceLoop.pdf.channels.${row.channel}`)),
  column('department', (row) => row.department_name),
  column('engineer', (row) => row.assignee_name),
  column('serialNumbers', (row) => row.serialNumbers.join('; ')),
  column('resolvedAt', (row, f) => f.when(row.resolved_at)),
];

const PROBLEM_COLUMNS: CsvColumn<ProblemListRow>[] = [
  column('title', (row) => row.title),
  column('status', (row, f) => f.t(`listCsv.values.problemStatuses.${row.status}`)),
  column('owner', (row) => row.owner_name),
  column('createdAt', (row, f) => f.when(row.created_at)),
  column('updatedAt', (row, f) => f.when(row.updated_at)),
];

const VENDOR_COLUMNS: CsvColumn<VendorRow>[] = [
  column('name', (row) => row.name),
  column('status', (row, f) => f.t(retiredOrActive(row.retired_at))),
  column('supportCenter', (row) => row.support_center_name),
  column('phone', (row) => (row.support_center_phone === null ? null : displayPhoneNumber(row.support_center_phone))),
  column('email', (row) => row.support_center_email),
  column('url', (row) => row.support_center_url),
  column('contractNumber', (row) => row.support_contract_number),
];

const SITE_COLUMNS: CsvColumn<SiteRow>[] = [
  column('name', (row) => row.name),
  column('address', (row) => row.address),
  column('hours', (row) => row.hours),
  column('accessNotes', (row) => row.access_notes),
  column('status', (row, f) => f.t(retiredOrActive(row.retired_at))),
];

const TRAINING_COLUMNS: CsvColumn<TrainingDetails>[] = [
  column('date', (row) => row.scheduled_on),
  column('startTime', (row) => row.start_time),
  column('endTime', (row) => row.end_time),
  column('topic', (row) => row.topic),
  column('kind', (row, f) => f.t(`listCsv.values.trainingKinds.${row.kind}`)),
  column('customer', (row) => row.organization_name),
  column('trainer', (row) => row.trainer_name),
  column('place', (row) => row.place),
  column('status', (row, f) => f.t(`listCsv.values.trainingStatuses.${row.status}`)),
  column('invited', (row) => row.attendees.length),
  column('attended', (row) => row.attendees.filter((attendee) => attendee.attended === 1).length),
];

const YEARLY_CHECK_COLUMNS: CsvColumn<MonthCheck>[] = [
  column('dueOn', (row) => row.dueOn),
  column('customer', (row) => row.organizationName),
  column('project', (row) => row.projectName),
  column('year', (row) => row.year),
  column('guarantee', (row, f) => f.t(row.inGuarantee ? 'listCsv.values.inGuarantee' : 'listCsv.values.afterGuarantee')),
  column('progress', (row, f) => f.t(`listCsv.values.progress.${yearlyCheckProgress(row.case?.status ?? null)}`)),
  column('caseNumber', (row) => row.case?.number ?? null),
  column('caseStatus', (row, f) => (row.case ? f.t(`serviceLoop.pdf.statuses.${row.case.status}`) : null)),
];

type NamedAuditEntry = AuditEntry & { actorName: string | null };

const stored = (value: unknown) => (value === null || value === undefined ? null : JSON.stringify(value));

const AUDIT_COLUMNS: CsvColumn<NamedAuditEntry>[] = [
  column('at', (row, f) => f.when(row.at)),
  // Jobs, mail intake and the CLI act as `system`, which is no user: CaseDesk's own changes.
  column(
    'user',
    (row, f) =>
      row.actorName ?? (row.actorUserId === null || row.actorUserId === 'system' ? f.t('listCsv.values.system') : row.actorUserId),
  ),
  column('action', (row) => row.action),
  column('recordType', (row) => row.entityType),
  column('recordId', (row) => row.entityId),
  column('before', (row) => stored(row.before)),
  column('after', (row) => stored(row.after)),
];

/**
 * The cases of a queue view or search as the queue (or a customer's portal) lists them, in its order: every case the
 * filters find, not the page on screen. A customer's are always their own organisation's.
 */
export function casesCsv(
  context: ServiceContext,
  actor: Actor,
  query: Omit<CaseQuery, 'cursor' | 'limit'>,
  language: Language,
): Promise<CsvDownload> {
  return writeListCsv(
    context,
    language,
    { kind: 'cases', fileName: 'casedesk-cases.csv', columns: CASE_COLUMNS },
    cursorPages((cursor) => listCases(context, actor, { ...query, cursor, limit: PAGE })),
  );
}

/** Problem records newest first, with the status and owner filters of the problems page. */
export function problemsCsv(
  context: ServiceContext,
  actor: Actor,
  query: { status?: ProblemStatus | undefined; ownerId?: string | undefined },
  language: Language,
): Promise<CsvDownload> {
  return writeListCsv(
    context,
    language,
    { kind: 'problems', fileName: 'casedesk-problems.csv', columns: PROBLEM_COLUMNS },
    cursorPages((cursor) => listProblemsFor(context, actor, { ...query, cursor, limit: PAGE })),
  );
}

/** The vendors with their support centers, as the vendors page lists them (retired ones only when asked for). */
export function vendorsCsv(
  context: ServiceContext,
  actor: Actor,
  query: { text?: string | undefined; includeRetired?: boolean | undefined },
  language: Language,
): Promise<CsvDownload> {
  return writeListCsv(
    context,
    language,
    { kind: 'vendors', fileName: 'casedesk-vendors.csv', columns: VENDOR_COLUMNS },
    cursorPages((cursor) => listVendorsPage(context, actor, { ...query, cursor, limit: PAGE })),
  );
}

/** One customer's sites (a customer: only their own organisation's; anyone else's is not found). */
export function sitesCsv(
  context: ServiceContext,
  actor: Actor,
  organizationId: string,
  retired: RetiredFilter | undefined,
  language: Language,
): Promise<CsvDownload> {
  async function* pages() {
    yield await listOrganizationSites(context, actor, organizationId, retired);
  }
  return writeListCsv(context, language, { kind: 'sites', fileName: 'casedesk-sites.csv', columns: SITE_COLUMNS }, pages());
}

/** Trainings planned, held and cancelled, newest first, with how many were invited and how many attended. */
export function trainingsCsv(
  context: ServiceContext,
  actor: Actor,
  query: { organizationId?: string | undefined; trainerId?: string | undefined; caseId?: string | undefined },
  language: Language,
): Promise<CsvDownload> {
  return writeListCsv(
    context,
    language,
    { kind: 'trainings', fileName: 'casedesk-trainings.csv', columns: TRAINING_COLUMNS },
    cursorPages((cursor) => listTrainingsFor(context, actor, { ...query, cursor, limit: PAGE })),
  );
}

/**
 * The yearly checks of a month, as filtered on the page, by due date. A month's checks are a bounded list (one per
 * project delivered in that month of some year), so they are read whole and sorted before the file is written.
 */
export function yearlyChecksCsv(
  context: ServiceContext,
  actor: Actor,
  query: { month: string; organizationId?: string | undefined; departmentId?: string | undefined },
  language: Language,
): Promise<CsvDownload> {
  async function* wholeMonth() {
    const checks: MonthCheck[] = [];
    for await (const page of cursorPages((cursor) => listYearlyChecksOfMonth(context, actor, { ...query, cursor, limit: PAGE }))) {
      checks.push(...page);
    }
    const order = (check: MonthCheck) => [check.dueOn, check.organizationName, check.projectName].join('\u0000');
    yield checks.sort((a, b) => order(a).localeCompare(order(b)));
  }
  return writeListCsv(
    context,
    language,
    { kind: 'yearlyChecks', fileName: `casedesk-yearly-checks-${query.month}.csv`, columns: YEARLY_CHECK_COLUMNS },
    wholeMonth(),
  );
}

/**
 * The audit log with the page's filters, newest first, every matching entry (not only the page on screen): who by
 * name, when in the company's time zone, before and after as the stored JSON. Written a page at a time, as the log
 * grows without bound.
 */
export function auditLogCsv(context: ServiceContext, actor: Actor, query: AuditLogFilter, language: Language): Promise<CsvDownload> {
  const names = new Map<string, string | null>();
  const named = async (entries: AuditEntry[]): Promise<NamedAuditEntry[]> => {
    const unknown = [
      ...new Set(entries.flatMap((entry) => (entry.actorUserId && !names.has(entry.actorUserId) ? [entry.actorUserId] : []))),
    ];
    const found = await findUserNames(context.storage.db, unknown);
    for (const id of unknown) names.set(id, found.get(id) ?? null);
    return entries.map((entry) => ({ ...entry, actorName: entry.actorUserId ? (names.get(entry.actorUserId) ?? null) : null }));
  };
  return writeListCsv(
    context,
    language,
    { kind: 'auditLog', fileName: 'casedesk-audit-log.csv', columns: AUDIT_COLUMNS },
    mapPages(
      cursorPages((cursor) => listAuditLog(context, actor, { ...query, cursor, limit: PAGE })),
      named,
    ),
  );
}
