import { respondsForTheCompany } from '../../domain/access/policies/cases.js';
import type { Actor } from '../../domain/access/permissions.js';
import type { CaseRow } from '../../storage/repositories/cases.js';

/** The first thing staff do on a case (an action, a public reply, a transition) is its first response. */
export function firstResponseColumns(actor: Actor, row: Pick<CaseRow, 'first_responded_at'>, at: string): Partial<CaseRow> {
  return respondsForTheCompany(actor) && row.first_responded_at === null ? { first_responded_at: at } : {};
}
