import { QUEUE_VIEWS, type QueueView } from '../../cases/queue-views.js';
import type { Actor } from '../permissions.js';

/** Views about the company's own work (whose case, which department, what escalated): staff only. */
const CUSTOMER_VIEWS: readonly QueueView[] = ['open', 'recently-closed', 'all'];

/** The roles an upgrading report is addressed to (position holders), and admins who stand in for them. */
const ESCALATION_READERS = new Set<Actor['role']>(['manager', 'executive', 'admin']);

/** The queue views an actor may read; a customer's are further narrowed to their organisation by the case list. */
export function queueViewsFor(actor: Actor): QueueView[] {
  if (actor.role === 'customer') return [...CUSTOMER_VIEWS];
  return QUEUE_VIEWS.filter((view) => view !== 'escalated-to-me' || ESCALATION_READERS.has(actor.role));
}

export function mayReadQueueView(actor: Actor, view: QueueView): boolean {
  return queueViewsFor(actor).includes(view);
}
