import { APPROVING_ROLES, mayApproveExchangesAndCompensations } from '../../domain/access/policies/exchanges.js';
import type { Executor } from '../../storage/db.js';
import { findUserById, listActiveUsersWithRoles } from '../../storage/repositories/users.js';
import type { ServiceContext } from '../context.js';
import { invalid } from '../errors.js';

/** Exchanges and compensations cost the company: a manager (or admin) approves them, by name. */
export async function checkApprover(executor: Executor, userId: string): Promise<void> {
  const user = await findUserById(executor, userId);
  if (!user || !mayApproveExchangesAndCompensations({ role: user.role, disabled: user.disabled_at !== null }))
    throw invalid('errors.approverNotManager', 'approvedByUserId', { id: userId });
}

/** The people who may be named as approver, to choose from when recording an exchange or a compensation. */
export async function listApprovers(context: ServiceContext): Promise<{ id: string; name: string; role: string }[]> {
  const users = await listActiveUsersWithRoles(context.storage.db, APPROVING_ROLES);
  return users
    .filter((user) => mayApproveExchangesAndCompensations({ role: user.role, disabled: user.disabled_at !== null }))
    .map((user) => ({ id: user.id, name: user.name, role: user.role }));
}
