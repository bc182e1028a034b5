/** The six roles of CaseDesk (SPEC §1). A user holds exactly one. */
export const ROLES = ['admin', 'manager', 'expert', 'executive', 'secretary', 'customer'] as const;
export type Role = (typeof ROLES)[number];

export const STAFF_ROLES: readonly Role[] = ['admin', 'manager', 'expert', 'executive', 'secretary'];

/** Whether a role (or a stored user's role column) is one of the company's staff roles. */
export function isStaffRole(role: Role | string): boolean {
  return role !== 'customer';
}

export const LANGUAGES = ['en', 'zh-CN'] as const;
export type Language = (typeof LANGUAGES)[number];
