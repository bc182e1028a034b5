import type { Role } from '../roles.js';

/** The roles whose holders approve what costs the company: a free exchange, a compensation (SPEC §4). */
export const APPROVING_ROLES: readonly Role[] = ['manager', 'admin'];

/** Who may be named as the approver of an exchange or a compensation: an active manager or admin. */
export function mayApproveExchangesAndCompensations(user: { role: Role | string; disabled: boolean }): boolean {
  return !user.disabled && APPROVING_ROLES.some((role) => role === user.role);
}
