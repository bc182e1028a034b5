import type { Executor } from '../../storage/db.js';
import { findUserById } from '../../storage/repositories/users.js';
import { invalid } from '../errors.js';

/** Exchanges and compensations cost the company: a manager (or admin) approves them, by name. */
export async function checkApprover(executor: Executor, userId: string): Promise<void> {
  const user = await findUserById(executor, userId);
  if (!user || user.disabled_at !== null || !['manager', 'admin'].includes(user.role))
    throw invalid('errors.approverNotManager', 'approvedByUserId', { id: userId });
}
