import { permissionsOf, type Actor, type Permission } from '../../domain/access/permissions.js';
import { mayReadOperationsReports } from '../../domain/access/policies/reports.js';
import type { ServiceContext } from '../context.js';
import { readReportSettings } from '../settings/report-settings.js';

/**
 * What the web app may offer this user: the role's permissions, less those an admin's setting withholds. Today that is
 * the operations reports for customers (off until an admin allows them), so the portal shows its reports page only
 * while the server would answer it.
 */
export async function abilitiesOf(context: ServiceContext, actor: Actor): Promise<Permission[]> {
  const permissions = permissionsOf(actor);
  if (!permissions.includes('reports.operations')) return permissions;
  const settings = await readReportSettings(context.storage.db);
  return mayReadOperationsReports(actor, settings) ? permissions : permissions.filter((permission) => permission !== 'reports.operations');
}
