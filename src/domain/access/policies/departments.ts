import { can, type Actor } from '../permissions.js';

/** Staff read the departments and who holds each escalation position; customers read neither. */
export function mayReadDepartments(actor: Actor): boolean {
  return can(actor, 'departments.read');
}

/** Creating and changing departments (their manager, VP in charge, the company default) is the admin's work. */
export function mayManageDepartments(actor: Actor): boolean {
  return can(actor, 'departments.manage');
}

/** Filling the company's escalation positions (Operation Center GM, President) is the admin's work. */
export function mayManagePositions(actor: Actor): boolean {
  return can(actor, 'positions.manage');
}
