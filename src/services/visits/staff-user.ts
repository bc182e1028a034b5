import { mayTakeWork } from '../../domain/access/policies/users.js';
import type { Executor } from '../../storage/db.js';
import { findUserById, type UserRow } from '../../storage/repositories/users.js';
import { invalid } from '../errors.js';

/** An engineer or trainer must be an active staff user. */
export async function requireActiveStaff(executor: Executor, userId: string, field: string): Promise<UserRow> {
  const user = await findUserById(executor, userId);
  if (!user || !mayTakeWork(user)) throw invalid('errors.assigneeNotStaff', field, { id: userId });
  return user;
}
