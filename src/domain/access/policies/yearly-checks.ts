import { can, type Actor } from '../permissions.js';

/** The yearly checks of every delivered project, month by month, are staff's planning list. */
export function mayReadYearlyChecks(actor: Actor): boolean {
  return can(actor, 'yearly-checks.read');
}
