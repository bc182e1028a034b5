import type { EscalationPosition } from '../../escalation/positions.js';
import { can, type Actor } from '../permissions.js';

/** Whose a chat target is: one user's own, or a position's (whoever holds it is told there too). */
export type ChatTargetOwner = { userId: string } | { position: EscalationPosition };

/**
 * A staff user manages the chat targets of their own notifications, and no one else's (another user's targets are
 * not even there for them); the targets of a position are the admins' to manage, as the positions themselves are.
 */
export function mayManageChatTargetsOf(actor: Actor, owner: ChatTargetOwner): boolean {
  if ('userId' in owner) return owner.userId === actor.userId && can(actor, 'notifications.preferences');
  return can(actor, 'positions.manage');
}

/** The abilities the web app shows a target's actions from. */
export function chatTargetAbilities(actor: Actor, owner: ChatTargetOwner): { remove: boolean; test: boolean; change: boolean } {
  const allowed = mayManageChatTargetsOf(actor, owner);
  return { remove: allowed, test: allowed, change: allowed };
}
