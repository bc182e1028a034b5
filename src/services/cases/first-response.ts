import { respondsForTheCompany } from '../../domain/access/policies/cases.js';
import type { Actor } from '../../domain/access/permissions.js';
import type { CaseRow } from '../../storage/repositories/cases.js';

/**
 * The first thing staff do on a case (an action, a public reply, a transition) is its first response. How long it
 * took is stored with it, so the first-response report reads a number instead of two timestamps per case.
 */
export function firstResponseColumns(actor: Actor, row: Pick<CaseRow, 'first_responded_at' | 'received_at'>, at: string): Partial<CaseRow> {
  return respondsForTheCompany(actor) && row.first_responded_at === null
    ? { first_responded_at: at, first_response_ms: Date.parse(at) - Date.parse(row.received_at) }
    : {};
}
