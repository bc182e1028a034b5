import type { Actor } from '../../domain/access/permissions.js';
import { listCompanyPositions, setCompanyPosition } from '../../storage/repositories/company-positions.js';
import { recordChangeBy } from '../audit.js';
import { nowIso, type ServiceContext } from '../context.js';
import { deliverWaitingReports } from '../escalations/deliver-waiting-reports.js';
import { requireStaffHolder } from './manage-departments.js';
import { mayManagePositions, mayReadDepartments } from '../../domain/access/policies/departments.js';
import { forbidden } from '../errors.js';

/** Company-wide escalation positions; the department ones (manager, VP in charge) live on each department. */
export const COMPANY_POSITIONS = ['operation-center-gm', 'president'] as const;
export type CompanyPosition = (typeof COMPANY_POSITIONS)[number];

export async function assignCompanyPosition(
  context: ServiceContext,
  actor: Actor,
  position: CompanyPosition,
  userId: string | null,
): Promise<{ position: CompanyPosition; userId: string | null; updatedAt: string }> {
  if (!mayManagePositions(actor)) throw forbidden();
  const at = nowIso(context);
  await context.storage.transaction(async (trx) => {
    if (userId !== null) await requireStaffHolder(trx, userId, 'userId');
    const before = (await listCompanyPositions(trx)).find((row) => row.position === position);
    await setCompanyPosition(trx, position, userId, at);
    await recordChangeBy(trx, actor, at, 'position.assigned', ['position', position], {
      before: before ? { userId: before.user_id } : undefined,
      after: { userId },
    });
    // Reports that fired while the seat was empty reach the new holder now.
    if (userId !== null && userId !== before?.user_id) await deliverWaitingReports(trx, context, { companyPosition: position });
  });
  return { position, userId, updatedAt: at };
}

export async function listPositions(
  context: ServiceContext,
  actor: Actor,
): Promise<{ position: CompanyPosition; userId: string | null; updatedAt: string | null }[]> {
  if (!mayReadDepartments(actor)) throw forbidden();
  const rows = await listCompanyPositions(context.storage.db);
  return COMPANY_POSITIONS.map((position) => {
    const row = rows.find((candidate) => candidate.position === position);
    return { position, userId: row?.user_id ?? null, updatedAt: row?.updated_at ?? null };
  });
}
