import { can, type Actor } from '../permissions.js';

/**
 * Repeat faults per customer, product model, vendor and site: managers, experts (problem analysis starts from repeat
 * faults, SPEC §6) and admins. The report compares customers with one another, so customers are refused outright
 * rather than scoped: even their own organisation's figures would show where they rank among others.
 */
export function mayReadRepeatFaultReport(actor: Actor): boolean {
  return can(actor, 'reports.repeat-faults');
}
