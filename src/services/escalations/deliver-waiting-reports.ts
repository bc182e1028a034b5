import { vendorForCase } from './vendor-lookup.js';
import type { EscalationPosition } from '../../domain/escalation/positions.js';
import type { Executor } from '../../storage/db.js';
import { listWaitingReports, recordLateRecipients, recordStepRecipients } from '../../storage/repositories/escalations.js';
import { findOrganizationById } from '../../storage/repositories/organizations.js';
import type { ServiceContext } from '../context.js';
import { loadPolicyVersion } from './escalation-policies.js';
import { appendStepEvent, hoursUnresolvedOf, tellHolder, type Recipient } from './fire-escalation-step.js';
import { positionHolder } from './position-holders.js';

/** Which reports became deliverable: those of one case (its department was set), or of one position being filled. */
export type WaitingReportScope =
  { caseId: string } | { departmentId: string; positions: EscalationPosition[] } | { companyPosition: EscalationPosition };

/**
 * Delivers upgrading reports that fired while nobody could be told (the case had no department, or the position was
 * empty), now that someone can: the holder gets the report as it stands today, and the case timeline shows when it
 * reached them. Only for cases still unresolved; a report is delivered once (the step is claimed by its empty
 * recipient list). Runs in the caller's transaction, beside the change that made the position resolvable.
 */
export async function deliverWaitingReports(executor: Executor, context: ServiceContext, scope: WaitingReportScope): Promise<number> {
  const waiting = await listWaitingReports(executor, scope);
  const now = context.clock.now();
  const at = now.toISOString();
  let delivered = 0;
  for (const { step, row } of waiting) {
    const position = step.position;
    const holder = await positionHolder(executor, position, row.department_id, { forShare: true });
    if (!holder) continue;
    const recipients: Recipient[] = [{ userId: holder.id, email: holder.email, name: holder.name }];
    if (!(await recordLateRecipients(executor, step.id, JSON.stringify(recipients)))) continue;
    await recordStepRecipients(executor, step, [holder.id]);
    const policy = await loadPolicyVersion(executor, row.policy_version_id);
    const hoursUnresolved = hoursUnresolvedOf(row, policy, now.getTime());
    const organization = await findOrganizationById(executor, row.organization_id);
    await appendStepEvent(executor, row, step, at, 'escalation.delivered', {
      firedAt: step.fired_at,
      deliveredAt: at,
      recipients,
      reason: 'caseId' in scope ? 'department-assigned' : 'position-filled',
      hoursUnresolved,
    });
    const vendor = step.vendor_report === 1 ? await vendorForCase(executor, row) : null;
    await tellHolder(executor, context, { row, step, holder, hoursUnresolved, customerName: organization?.name ?? '', vendor });
    delivered++;
  }
  return delivered;
}
