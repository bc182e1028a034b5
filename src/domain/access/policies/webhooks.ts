import { can, type Actor } from '../permissions.js';

/**
 * Webhooks send what happens to every customer's cases to another system, with a secret that signs it: admins only
 * add, read, change, remove them, read their deliveries and redeliver.
 */
export function mayManageWebhooks(actor: Actor): boolean {
  return can(actor, 'webhooks.manage');
}
