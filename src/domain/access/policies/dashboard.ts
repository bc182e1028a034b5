import { can, type Actor } from '../permissions.js';

/**
 * Who reads the Operation Center: a signed-in user, or a wallboard (a screen on the wall, signed in with a
 * read-only token an admin made). A wallboard is nobody: it has no role and reads nothing but the dashboard.
 */
export type DashboardReader = { kind: 'user'; actor: Actor } | { kind: 'wallboard'; tokenId: string };

/**
 * The only routes a wallboard token opens (method and route pattern): the dashboard and its "something changed"
 * signal. Every other route refuses it, public ones included, so a leaked wallboard token reads no case.
 */
export const WALLBOARD_ROUTES: ReadonlySet<string> = new Set(['GET /api/v1/dashboard', 'GET /api/v1/dashboard/changes']);

export function wallboardMayCall(method: string, routeUrl: string): boolean {
  return WALLBOARD_ROUTES.has(`${method} ${routeUrl}`);
}

/** Staff read the company-wide figures (any department, as they filter); a wallboard reads them too; customers never. */
export function mayReadDashboard(reader: DashboardReader): boolean {
  return reader.kind === 'wallboard' || can(reader.actor, 'dashboard.read');
}

/** Creating, listing and revoking wallboard tokens: admins only (a token shows every customer's open cases). */
export function mayManageWallboards(actor: Actor): boolean {
  return can(actor, 'wallboards.manage');
}
