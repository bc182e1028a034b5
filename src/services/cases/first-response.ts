import { respondsForTheCompany } from '../../domain/access/policies/cases.js';
import type { Actor } from '../../domain/access/permissions.js';
import { isFirstResponse, type CaseAct } from '../../domain/cases/first-response.js';
import type { CaseRow } from '../../storage/repositories/cases.js';

/**
 * The columns to write when `act` is the case's first response (`isFirstResponse`: a public reply, a service action
 * or a logged customer contact by staff; never a bare status change); none otherwise. How long it took is stored
 * with it, so the first-response report reads a number instead of two timestamps per case.
 */
export function firstResponseColumns(
  actor: Actor,
  row: Pick<CaseRow, 'first_responded_at' | 'received_at'>,
  at: string,
  act: CaseAct,
): Partial<CaseRow> {
  return isFirstResponse({ act, byStaff: respondsForTheCompany(actor), alreadyResponded: row.first_responded_at !== null })
    ? { first_responded_at: at, first_response_ms: Date.parse(at) - Date.parse(row.received_at) }
    : {};
}
