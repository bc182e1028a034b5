import type { Permission } from '../../domain/access/permissions.js';
import type { Language } from '../../domain/access/roles.js';
import type { AuthenticatedUser } from '../../services/auth/actor.js';
import type { Wallboard } from '../../services/dashboard/wallboard-tokens.js';

/**
 * Who may call a route. Every /api route must declare one; the access-control plugin refuses to start otherwise.
 * - `public`: anyone, signed in or not.
 * - `signed-in`: any signed-in user; the service decides the rest.
 * - a permission: the actor's role must have it; organisation scope is checked by the service on the record.
 * - several permissions: the actor's role must have one of them, for a route two kinds of user use for one purpose
 *   (staff record a remote-access authorisation as work, the customer gives it); the case policy decides the rest.
 * A route that changes something names a permission to change it, never a `….read` one.
 */
export type RouteAccess = 'public' | 'signed-in' | Permission | readonly [Permission, ...Permission[]];

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
  interface FastifyRequest {
    actor: AuthenticatedUser | null;
    session: { tokenHash: string; csrfToken: string } | null;
    /** Set (and `actor` null) when a wallboard token calls: it may call only the routes its policy names. */
    wallboard: Wallboard | null;
    language: Language;
  }
}
