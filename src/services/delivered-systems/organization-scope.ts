import { can, type Actor, type Permission } from '../../domain/access/permissions.js';

/**
 * The organisation a list is limited to: a customer sees only their own, whatever they ask for; staff see what
 * they filter on. `null` means "nothing" (a customer asking about another organisation).
 */
export function listScope(actor: Actor, requested: string | undefined): { organizationId?: string } | null {
  if (actor.role !== 'customer') return requested ? { organizationId: requested } : {};
  if (!actor.organizationId) return null;
  if (requested && requested !== actor.organizationId) return null;
  return { organizationId: actor.organizationId };
}

/** Whether the actor may see a record of this organisation; to a customer another organisation's records do not exist. */
export function maySee(actor: Actor, permission: Permission, organizationId: string): boolean {
  return can(actor, permission, { organizationId });
}
