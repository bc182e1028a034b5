import { respondsForTheCompany } from '../../domain/access/policies/cases.js';
import type { Actor } from '../../domain/access/permissions.js';
import { isFirstResponse, type CaseAct } from '../../domain/cases/first-response.js';
import { firstResponseWorkingMs } from '../../domain/cases/first-response-target.js';
import type { Executor } from '../../storage/db.js';
import type { CaseRow } from '../../storage/repositories/cases.js';
import { loadPolicyVersion } from '../escalations/escalation-policies.js';

/**
 * The columns to write when `act` is the case's first response (`isFirstResponse`: a public reply, a service action
 * or a logged customer contact by staff; never a bare status change); none otherwise. How long it took, in business
 * time on the calendar of the case's escalation policy (as resolution time is counted), is stored with it, so the
 * first-response report reads a number instead of computing a calendar per case.
 */
export async function firstResponseColumns(
  executor: Executor,
  actor: Actor,
  row: Pick<CaseRow, 'first_responded_at' | 'received_at' | 'policy_version_id'>,
  at: string,
  act: CaseAct,
): Promise<Partial<CaseRow>> {
  if (!isFirstResponse({ act, byStaff: respondsForTheCompany(actor), alreadyResponded: row.first_responded_at !== null })) return {};
  const { calendar } = await loadPolicyVersion(executor, row.policy_version_id);
  return {
    first_responded_at: at,
    first_response_working_ms: firstResponseWorkingMs(calendar, Date.parse(row.received_at), Date.parse(at)),
  };
}
