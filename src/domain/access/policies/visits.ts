import { can, type Actor } from '../permissions.js';

/** Visits are staff's planning: staff read every one; a customer reads none (their case's timeline shows the visit). */
export function mayReadVisit(actor: Actor, record: { organizationId: string }): boolean {
  return can(actor, 'visits.read', { organizationId: record.organizationId });
}

/**
 * Whose calendar feed address the actor may make: an engineer their own, a manager or an admin anyone's (to hand
 * it to an engineer who does not sign in often). That the owner is staff is the service's check on the user.
 */
export function mayIssueCalendarFeedOf(actor: Actor, userId: string): boolean {
  return actor.userId === userId || actor.role === 'manager' || actor.role === 'admin';
}
