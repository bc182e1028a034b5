import { can, type Actor } from '../permissions.js';
import type { Role } from '../roles.js';

/** The person whose data is asked for: a customer's contact, or a user account with its role. */
export type DataSubjectRecord = { kind: 'contact' } | { kind: 'user'; role: Role };

/**
 * Personal data of a customer's people (contacts and customer user accounts) is exported and erased by admins only:
 * one export holds everything about a person across all cases, and an erasure cannot be undone. Staff accounts are
 * not data subjects here (their names stay on the work they did).
 */
function isCustomerSide(record: DataSubjectRecord): boolean {
  return record.kind === 'contact' || record.role === 'customer';
}

export function mayExportPersonalData(actor: Actor, record: DataSubjectRecord): boolean {
  return can(actor, 'personal-data.manage') && isCustomerSide(record);
}

export function mayErasePersonalData(actor: Actor, record: DataSubjectRecord & { erased: boolean }): boolean {
  return can(actor, 'personal-data.manage') && isCustomerSide(record) && !record.erased;
}

/** The retention rule (pseudonymise contacts of long-closed cases) is an admin setting. */
export function mayChangeRetention(actor: Actor): boolean {
  return can(actor, 'personal-data.manage');
}

/** What the web app may offer on a contact's or user's menu. */
export function personalDataRights(
  actor: Actor,
  record: DataSubjectRecord & { erased: boolean },
): { exportPersonalData: boolean; erasePersonalData: boolean } {
  return { exportPersonalData: mayExportPersonalData(actor, record), erasePersonalData: mayErasePersonalData(actor, record) };
}
