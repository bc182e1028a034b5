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

/**
 * The operations reports (escalations, backlog, workload, vendor cases): managers, executives and admins read every
 * organisation's figures, narrowed as they ask. A customer reads them only while an admin allows it
 * (`customersMayRead`, off by default), and then only for their own organisation, scoped by `organizationScope` as
 * every list is: asking for another organisation is refused. Answers the organisation to filter by, or null when the
 * actor may not read.
 */
export function operationsReportScope(
  actor: Actor,
  requestedOrganizationId: string | undefined,
  settings: { customersMayRead: boolean },
): { organizationId: string | undefined } | null {
  if (!can(actor, 'reports.operations')) return null;
  if (actor.role === 'customer' && !settings.customersMayRead) return null;
  const scope = organizationScope(actor, requestedOrganizationId);
  return scope === null ? null : { organizationId: scope.organizationId };
}

/** Whether the actor may open the operations reports at all (the web app's tabs); the same rule without a filter. */
export function mayReadOperationsReports(actor: Actor, settings: { customersMayRead: boolean }): boolean {
  return operationsReportScope(actor, undefined, settings) !== null;
}

/**
 * The satisfaction analysis, under the same rule for customers as the operations reports: staff who read it
 * (`reports.satisfaction`: managers and admins) see every organisation's surveys, narrowed as they ask; a customer
 * only while an admin allows customers the reports, and then their own organisation's only. Answers the
 * organisation to filter by, or null when the actor may not read.
 */
export function satisfactionReportScope(
  actor: Actor,
  requestedOrganizationId: string | undefined,
  settings: { customersMayRead: boolean },
): { organizationId: string | undefined } | null {
  if (actor.role === 'customer') return operationsReportScope(actor, requestedOrganizationId, settings);
  if (!can(actor, 'reports.satisfaction')) return null;
  const scope = organizationScope(actor, requestedOrganizationId);
  return scope === null ? null : { organizationId: scope.organizationId };
}
