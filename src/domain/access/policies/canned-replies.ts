import type { CannedReplyScope } from '../../canned-replies/canned-replies.js';
import { can, type Actor } from '../permissions.js';

/**
 * Who reads and who writes canned replies. A user belongs to the department their user record names, and is tied
 * to the departments that name them manager or VP in charge; the service reads both from storage.
 */
export interface DepartmentTies {
  /** The user's own department (`users.department_id`), if any. */
  memberOf: string | null;
  /** Departments naming the user their manager or VP in charge. */
  leads: readonly string[];
}

/** The departments whose shared replies the actor reads; `'all'` for admins, who look after every department. */
export function sharedDepartmentsReadable(actor: Actor, ties: DepartmentTies): 'all' | string[] {
  if (!can(actor, 'canned-replies.use')) return [];
  if (actor.role === 'admin') return 'all';
  return [...new Set([...(ties.memberOf ? [ties.memberOf] : []), ...ties.leads])];
}

/** Staff read their own personal replies and the shared replies of their department(s); customers read none. */
export function mayReadCannedReply(actor: Actor, ties: DepartmentTies, scope: CannedReplyScope): boolean {
  if (!can(actor, 'canned-replies.use')) return false;
  if (scope.kind === 'personal') return scope.ownerId === actor.userId;
  const readable = sharedDepartmentsReadable(actor, ties);
  return readable === 'all' || readable.includes(scope.departmentId);
}

/**
 * Creating, changing and deleting: every staff user their own personal replies (nobody else's, not even an admin);
 * managers the shared replies of their department(s), admins those of every department.
 */
export function mayWriteCannedReply(actor: Actor, ties: DepartmentTies, scope: CannedReplyScope): boolean {
  if (!can(actor, 'canned-replies.use')) return false;
  if (scope.kind === 'personal') return scope.ownerId === actor.userId;
  if (!can(actor, 'canned-replies.share')) return false;
  return mayReadCannedReply(actor, ties, scope);
}

/** Whether the web app offers managing shared replies at all (for some department). */
export function mayShareCannedReplies(actor: Actor, ties: DepartmentTies): boolean {
  if (!can(actor, 'canned-replies.use') || !can(actor, 'canned-replies.share')) return false;
  const readable = sharedDepartmentsReadable(actor, ties);
  return readable === 'all' || readable.length > 0;
}
