import type { VisitStatus } from '../../visits/visit-schedule.js';
import { can, type Actor } from '../permissions.js';

/** Visits are staff's planning: staff read every one; a customer reads none (their case's timeline shows the visit). */
export function mayReadVisit(actor: Actor, record: { organizationId: string }): boolean {
  return can(actor, 'visits.read', { organizationId: record.organizationId });
}

/**
 * Whose calendar feed address the actor may make: an engineer their own, a manager or an admin anyone's (to hand
 * it to an engineer who does not sign in often). That the owner is staff is `mayHaveCalendarFeed` (users policy).
 */
export function mayIssueCalendarFeedOf(actor: Actor, userId: string): boolean {
  return actor.userId === userId || actor.role === 'manager' || actor.role === 'admin';
}

/** Arriving, departing, cancelling and rescheduling a visit: those who manage visits. */
export function mayManageVisit(actor: Actor, record: { organizationId: string }): boolean {
  return can(actor, 'visits.manage', { organizationId: record.organizationId });
}

/** What the actor may do with a visit, for the engineer's visit card to offer (never decided from the role). */
export interface VisitRights {
  arrive: boolean;
  depart: boolean;
  cancel: boolean;
}

/** A scheduled visit is arrived at; the engineer on site departs; either may be cancelled; a done or cancelled one is kept. */
export function visitRights(actor: Actor, record: { organizationId: string; status: VisitStatus }): VisitRights {
  const manage = mayManageVisit(actor, record);
  return {
    arrive: manage && record.status === 'scheduled',
    depart: manage && record.status === 'on-site',
    cancel: manage && (record.status === 'scheduled' || record.status === 'on-site'),
  };
}
