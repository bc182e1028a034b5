import { organizationScope } from '../organization-scope.js';
import { can, type Actor } from '../permissions.js';

/**
 * Repeat faults per customer, product model, vendor and site: managers, experts (problem analysis starts from repeat
 * faults, SPEC §6) and admins. The report compares customers with one another, so customers are refused outright
 * rather than scoped: even their own organisation's figures would show where they rank among others.
 */
export function mayReadRepeatFaultReport(actor: Actor): boolean {
  return can(actor, 'reports.repeat-faults');
}

/** The operations reports, by the name of their path under `/api/v1/reports/`. */
export const OPERATIONS_REPORTS = ['escalations', 'backlog', 'workload', 'vendor-cases', 'first-response', 'resolution'] as const;
export type OperationsReportName = (typeof OPERATIONS_REPORTS)[number];

/**
 * What a customer may read, once an admin allows it: the service their organisation received (what is open and how
 * old, how fast it was answered and resolved). The rest is the company's own business and stays with staff: the
 * escalation report tells which managers were told and how fast they acknowledged, the workload report is per
 * engineer, and the vendor report is about the company's suppliers (a case's vendor escalation is internal too).
 */
export const CUSTOMER_REPORTS = ['backlog', 'first-response', 'resolution'] as const satisfies readonly OperationsReportName[];

function isCustomerReport(report: OperationsReportName): boolean {
  return (CUSTOMER_REPORTS as readonly OperationsReportName[]).includes(report);
}

/**
 * An operations report: managers, executives and admins read every organisation's figures, narrowed as they ask. A
 * customer reads only the `CUSTOMER_REPORTS`, only while an admin allows it (`customersMayRead`, off by default),
 * and then only for their own organisation, scoped by `organizationScope` as every list is: asking for another
 * organisation is refused. Answers the organisation to filter by, or null when the actor may not read.
 */
export function operationsReportScope(
  actor: Actor,
  report: OperationsReportName,
  requestedOrganizationId: string | undefined,
  settings: { customersMayRead: boolean },
): { organizationId: string | undefined } | null {
  if (!can(actor, 'reports.operations')) return null;
  if (actor.role === 'customer' && !(settings.customersMayRead && isCustomerReport(report))) return null;
  const scope = organizationScope(actor, requestedOrganizationId);
  return scope === null ? null : { organizationId: scope.organizationId };
}

/** Whether the actor may open any operations report (the web app's tabs, the portal's page): one of them, unfiltered. */
export function mayReadOperationsReports(actor: Actor, settings: { customersMayRead: boolean }): boolean {
  return OPERATIONS_REPORTS.some((report) => operationsReportScope(actor, report, undefined, settings) !== null);
}

/**
 * The satisfaction analysis: staff who read it (`reports.satisfaction`: managers and admins) see every
 * organisation's surveys, narrowed as they ask. Never a customer, even while allowed the reports: it rates the
 * company's engineers and departments one against another. A customer reads each of their own surveys instead.
 * Answers the organisation to filter by, or null when the actor may not read.
 */
export function satisfactionReportScope(
  actor: Actor,
  requestedOrganizationId: string | undefined,
): { organizationId: string | undefined } | null {
  if (actor.role === 'customer' || !can(actor, 'reports.satisfaction')) return null;
  const scope = organizationScope(actor, requestedOrganizationId);
  return scope === null ? null : { organizationId: scope.organizationId };
}
