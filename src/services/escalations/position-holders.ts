import { isDepartmentPosition, type EscalationPosition } from '../../domain/escalation/positions.js';
import type { Executor } from '../../storage/db.js';
import { findCompanyPosition, findCompanyPositionForShare } from '../../storage/repositories/company-positions.js';
import { findDepartmentById, findDepartmentForShare } from '../../storage/repositories/departments.js';
import { findUserById, type UserRow } from '../../storage/repositories/users.js';

/** Why a position has nobody for a case: the case names no department, or the position is empty. */
export type UnresolvedCause = 'no-department' | 'position-empty';

/**
 * Who holds a position for a case: the department ones through the case's service department, the company ones
 * through the company positions. `null` means nobody: a configuration error that must be shown, never skipped.
 *
 * `forShare` (when a report is sent) shares the lock on the department or company-position row until the transaction
 * ends (PostgreSQL; SQLite has a single writer): an admin filling the position waits for the report to be written,
 * then finds it among the undelivered ones, and a report sent while the admin is filling it waits and reads the new
 * holder.
 */
export async function positionHolder(
  executor: Executor,
  position: EscalationPosition,
  departmentId: string | null,
  options: { forShare?: boolean } = {},
): Promise<UserRow | null> {
  let userId: string | null = null;
  if (isDepartmentPosition(position)) {
    if (departmentId === null) return null;
    const department = options.forShare
      ? await findDepartmentForShare(executor, departmentId)
      : await findDepartmentById(executor, departmentId);
    userId = (position === 'department-manager' ? department?.manager_user_id : department?.vp_in_charge_user_id) ?? null;
  } else {
    const holder = options.forShare ? await findCompanyPositionForShare(executor, position) : await findCompanyPosition(executor, position);
    userId = holder?.user_id ?? null;
  }
  if (userId === null) return null;
  const user = await findUserById(executor, userId);
  return user && user.disabled_at === null ? user : null;
}
