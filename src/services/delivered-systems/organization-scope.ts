import { can, type Actor, type Permission } from '../../domain/access/permissions.js';

/** Whether the actor may see a record of this organisation; to a customer another organisation's records do not exist. */
export function maySee(actor: Actor, permission: Permission, organizationId: string): boolean {
  return can(actor, permission, { organizationId });
}
