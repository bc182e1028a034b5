import type { EscalationPosition } from '../../domain/escalation/positions.js';
import type { Executor } from '../../storage/db.js';
import { findCompanyPosition } from '../../storage/repositories/company-positions.js';
import { findDepartmentById } from '../../storage/repositories/departments.js';
import { findUserById, type UserRow } from '../../storage/repositories/users.js';

/**
 * Who holds a position for a case: the department ones through the case's service department, the company ones
 * through the company positions. `null` means nobody: a configuration error that must be shown, never skipped.
 */
export async function positionHolder(
  executor: Executor,
  position: EscalationPosition,
  departmentId: string | null,
): Promise<UserRow | null> {
  let userId: string | null = null;
  if (position === 'department-manager' || position === 'vp-in-charge') {
    if (departmentId === null) return null;
    const department = await findDepartmentById(executor, departmentId);
    userId = (position === 'department-manager' ? department?.manager_user_id : department?.vp_in_charge_user_id) ?? null;
  } else {
    userId = (await findCompanyPosition(executor, position))?.user_id ?? null;
  }
  if (userId === null) return null;
  const user = await findUserById(executor, userId);
  return user && user.disabled_at === null ? user : null;
}
