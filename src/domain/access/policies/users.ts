import { can, type Actor } from '../permissions.js';
import { isStaffRole, type Role } from '../roles.js';

/** What the policy needs of a user account: who it is and on which side (staff or customer) it stands. */
export interface UserRecord {
  id: string;
  role: Role | string;
}

/**
 * Who may be given work: assigned a case, be the engineer of a visit or the trainer of a training, or hold an
 * escalation position — an active staff user (a customer or a deactivated account is refused).
 */
export function mayTakeWork(user: { role: Role | string; disabled_at: string | null }): boolean {
  return isStaffRole(user.role) && user.disabled_at === null;
}

/**
 * Who may be named as the engineer of recorded work (a service action on a case): a staff user. A deactivated one
 * too, since work is often recorded after the fact, by someone who has since left.
 */
export function mayBeNamedForWorkDone(user: Pick<UserRecord, 'role'>): boolean {
  return isStaffRole(user.role);
}

/**
 * Whose visits an iCalendar feed may carry: a staff user's (engineers are given visits; a customer user never is),
 * deactivated or not, as whose feed an actor may make is decided by `mayIssueCalendarFeedOf`.
 */
export function mayHaveCalendarFeed(user: Pick<UserRecord, 'role'>): boolean {
  return isStaffRole(user.role);
}

/** Staff read the company's users (names and e-mail addresses); customers read none. */
export function mayReadUsers(actor: Actor): boolean {
  return can(actor, 'users.read');
}

/** Everybody reads their own account (the signed-in user); staff read every account. */
export function mayReadUser(actor: Actor, user: Pick<UserRecord, 'id'>): boolean {
  return actor.userId === user.id || mayReadUsers(actor);
}

/** Creating users, changing their role, department or state and sending reset links is the admin's work. */
export function mayManageUsers(actor: Actor): boolean {
  return can(actor, 'users.manage');
}

/** What an account carries that someone may change. */
export const USER_FIELDS = ['name', 'language', 'departmentId', 'role', 'disabled'] as const;
export type UserField = (typeof USER_FIELDS)[number];

/** Everybody changes their own name and language; the admin changes everything of every account. */
export function changeableUserFields(actor: Actor, user: Pick<UserRecord, 'id'>): readonly UserField[] {
  if (mayManageUsers(actor)) return USER_FIELDS;
  return actor.userId === user.id ? ['name', 'language'] : [];
}

/** An admin may not deactivate themselves: they may be the last one who can let anyone back in. */
export function mayDeactivateUser(actor: Actor, user: Pick<UserRecord, 'id'>): boolean {
  return mayManageUsers(actor) && actor.userId !== user.id;
}

/** A role changes within its side only: a customer belongs to an organisation and staff do not. */
export function mayChangeRole(user: Pick<UserRecord, 'role'>, to: Role): boolean {
  return isStaffRole(user.role) === isStaffRole(to);
}
