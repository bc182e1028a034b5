import { can, type Actor } from '../permissions.js';

/** The audit log holds every change with the rows before and after (secrets removed): managers and admins. */
export function mayReadAuditLog(actor: Actor): boolean {
  return can(actor, 'audit.read');
}
