import { can, type Actor } from '../permissions.js';

/** A backup holds every customer's data: only admins see where the backups are and how the last one went. */
export function mayReadBackups(actor: Actor): boolean {
  return can(actor, 'backups.read');
}
