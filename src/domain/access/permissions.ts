import type { Role } from './roles.js';

/**
 * Every action a user can take, as one union so a misspelt permission is a compile error. Routes name the
 * permission they need; services check organisation scope with `can`.
 */
export const PERMISSIONS = [
  'organizations.read',
  'organizations.manage',
  'users.read',
  'users.manage',
  'departments.read',
  'departments.manage',
  'positions.manage',
  'audit.read',
  'tokens.own',
  'cases.read',
  'cases.create',
  'cases.update',
  'cases.assign',
  'cases.transition',
  'cases.reopen',
  'cases.change-level',
  'cases.work',
  'cases.note-internal',
  'cases.reply-public',
  'cases.authorize-remote',
  'escalations.read',
  'escalations.acknowledge',
  'vendor-escalations.manage',
  'policies.read',
  'policies.manage',
  'outbox.read',
  'outbox.retry',
  'settings.manage',
  // Webhook subscriptions and their deliveries (admins only: they send every customer's cases elsewhere).
  'webhooks.manage',
  // Where the backups are, how the last one went (admins only: a backup holds every customer's data).
  'backups.read',
  'config-alerts.read',
  'notifications.own',
  // Choosing which kinds of notification reach one by which channel: staff work only (notification-kinds.ts).
  'notifications.preferences',
  'vendors.read',
  'vendors.manage',
  'projects.read',
  'projects.manage',
  'assets.read',
  'assets.manage',
  'contracts.read',
  'contracts.manage',
  'entitlements.read',
  'entitlements.re-evaluate',
  'exchanges.record',
  'compensations.record',
  'yearly-checks.read',
  'imports.run',
  'exports.run',
  'visits.read',
  'visits.manage',
  // Making a (new) secret iCalendar address of one's own visits; the visit policy says whose feed one may make.
  'visits.calendar-feed',
  'trainings.read',
  'trainings.manage',
  'service-records.confirm',
  'surveys.read',
  'surveys.enter',
  'surveys.answer',
  'follow-ups.read',
  'follow-ups.manage',
  'reports.satisfaction',
  'reports.repeat-faults',
  // Escalations, backlog, workload and vendor cases; customers only as the reports policy allows (an admin setting).
  'reports.operations',
  'inbound-mail.read',
  'inbound-mail.manage',
  'problems.read',
  'problems.manage',
  'problem-actions.complete',
  'articles.read',
  'articles.read-all',
  'articles.write',
  'articles.feedback',
  // Using canned replies and keeping one's own; sharing them with a department is a manager's (the policy names which).
  'canned-replies.use',
  'canned-replies.share',
  // Exporting and erasing a customer contact's or customer user's personal data (admins only, see policies/personal-data.ts).
  'personal-data.manage',
  // The Operation Center's live figures (open cases, escalations, steps due, engineers on site): all staff.
  'dashboard.read',
  // Creating and revoking wallboard tokens, which read the dashboard on a screen nobody signs in to (admins only).
  'wallboards.manage',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const everything: readonly Permission[] = PERMISSIONS;

const caseWork: readonly Permission[] = [
  'organizations.read',
  'users.read',
  'departments.read',
  'tokens.own',
  'cases.read',
  'cases.create',
  'cases.update',
  'cases.assign',
  'cases.transition',
  'cases.change-level',
  'cases.work',
  'cases.note-internal',
  'cases.reply-public',
  'escalations.read',
  'escalations.acknowledge',
  'vendor-escalations.manage',
  'policies.read',
  'notifications.own',
  'notifications.preferences',
  'vendors.read',
  'projects.read',
  'assets.read',
  'contracts.read',
  'entitlements.read',
  'yearly-checks.read',
  'visits.read',
  'visits.manage',
  // Making a (new) secret iCalendar address of one's own visits; the visit policy says whose feed one may make.
  'visits.calendar-feed',
  'trainings.read',
  'trainings.manage',
  'surveys.read',
  'problems.read',
  // Marking one's own preventive action of a problem done (the problem policy checks it is theirs).
  'problem-actions.complete',
  'articles.read',
  'articles.read-all',
  'articles.feedback',
  'canned-replies.use',
  'dashboard.read',
];

/** Recording what was delivered (configuration records, products) and moving it in and out as CSV. */
const deliveredSystemsUpkeep: readonly Permission[] = [
  'projects.manage',
  'assets.manage',
  'entitlements.re-evaluate',
  'imports.run',
  'exports.run',
];

/** What each role may do at all; customers are further limited to their own organisation by `can`. */
export const ROLE_PERMISSIONS: Readonly<Record<Role, ReadonlySet<Permission>>> = {
  admin: new Set(everything),
  manager: new Set([
    ...caseWork,
    ...deliveredSystemsUpkeep,
    'organizations.manage',
    'policies.manage',
    'outbox.read',
    'outbox.retry',
    'config-alerts.read',
    'audit.read',
    'vendors.manage',
    'contracts.manage',
    'exchanges.record',
    'compensations.record',
    'surveys.enter',
    'follow-ups.read',
    'follow-ups.manage',
    'reports.satisfaction',
    'reports.repeat-faults',
    'reports.operations',
    'inbound-mail.read',
    'inbound-mail.manage',
    'problems.manage',
    'articles.write',
    'canned-replies.share',
  ]),
  // Experts analyse problems across cases (SPEC §6): they open, own and change problem records, and write articles.
  // Repeat faults are where problem analysis starts (SPEC §6), so experts read that report too.
  expert: new Set([...caseWork, 'exchanges.record', 'problems.manage', 'articles.write', 'reports.repeat-faults']),
  executive: new Set([...caseWork, 'exchanges.record', 'reports.operations']),
  // The secretary enters follow-up survey answers taken by phone, fax, mail or interview (SPEC §1).
  // The secretary also sorts mail that matched no contact or case, as she sorts calls at the hotline.
  secretary: new Set([
    ...caseWork,
    ...deliveredSystemsUpkeep,
    'organizations.manage',
    'surveys.enter',
    'inbound-mail.read',
    'inbound-mail.manage',
  ]),
  customer: new Set<Permission>([
    'organizations.read',
    'tokens.own',
    'cases.read',
    'cases.create',
    // Reopening a resolved, confirmed or closed case; every other move is staff work (`cases.transition`).
    'cases.reopen',
    'cases.reply-public',
    'cases.authorize-remote',
    'escalations.read',
    'notifications.own',
    // Scoped to the customer's own organisation by `can` in the services.
    'projects.read',
    'assets.read',
    'contracts.read',
    'entitlements.read',
    'trainings.read',
    'service-records.confirm',
    'surveys.read',
    // Answering their own organisation's survey in the portal, as from the e-mailed link.
    'surveys.answer',
    // Published customer-visible knowledge-base articles only (`mayReadArticle`).
    'articles.read',
    'articles.feedback',
    // Their own organisation's operations reports, only while an admin allows it (`operationsReportScope`).
    'reports.operations',
  ]),
};

export interface Actor {
  userId: string;
  role: Role;
  /** Set for customer users only: the one organisation whose records they may see. */
  organizationId: string | null;
  /**
   * Where the request this actor acts through came from (set by the HTTP door), recorded with each change the actor
   * makes; none for jobs and the command line.
   */
  clientAddress?: string | null | undefined;
}

/** The organisation a record belongs to; `null` for company-internal records (users, departments, …). */
export interface Scope {
  organizationId: string | null;
}

export function can(actor: Actor, permission: Permission, scope?: Scope): boolean {
  if (!ROLE_PERMISSIONS[actor.role].has(permission)) return false;
  if (actor.role !== 'customer' || scope === undefined) return true;
  return scope.organizationId !== null && scope.organizationId === actor.organizationId;
}

export function permissionsOf(actor: Actor): Permission[] {
  return PERMISSIONS.filter((permission) => ROLE_PERMISSIONS[actor.role].has(permission));
}
