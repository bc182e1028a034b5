import { can, type Actor } from '../permissions.js';
import { mayReadCase } from './cases.js';
import { mayReadOrganization } from './organizations.js';

/** The yearly checks of every delivered project, month by month, are staff's planning list. */
export function mayReadYearlyChecks(actor: Actor): boolean {
  return can(actor, 'yearly-checks.read');
}

/**
 * What a yearly check offers the actor: the check's case (once the check is opened) and its customer, each a link
 * only for whoever may read them. Opening the check's case is the scheduler's work, not a person's.
 */
export interface YearlyCheckRights {
  openCase: boolean;
  openOrganization: boolean;
}

export function yearlyCheckRights(actor: Actor, record: { organizationId: string; opened: boolean }): YearlyCheckRights {
  return {
    openCase: record.opened && mayReadCase(actor, record),
    openOrganization: mayReadOrganization(actor, { id: record.organizationId }),
  };
}
