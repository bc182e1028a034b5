import type { Actor } from '../../domain/access/permissions.js';
import type { Role, Language } from '../../domain/access/roles.js';
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
    role: user.role as Role,
    organizationId: user.organization_id,
    email: user.email,
    name: user.name,
    language: user.language as Language,
    departmentId: user.department_id,
  };
}
