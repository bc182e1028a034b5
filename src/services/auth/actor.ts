import type { Actor } from '../../domain/access/permissions.js';
import type { Language } from '../../domain/access/roles.js';
import type { UserRow } from '../../storage/repositories/users.js';

export interface AuthenticatedUser extends Actor {
  email: string;
  name: string;
  language: Language;
  departmentId: string | null;
}

export function actorFromUser(user: UserRow): AuthenticatedUser {
  return {
    userId: user.id,
    role: user.role,
    organizationId: user.organization_id,
    email: user.email,
    name: user.name,
    language: user.language,
    departmentId: user.department_id,
  };
}
