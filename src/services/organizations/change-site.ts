import type { Actor } from '../../domain/access/permissions.js';
import { findSiteById, updateSite, type SiteRow } from '../../storage/repositories/organizations.js';
import { recordChangeBy } from '../audit.js';
import { nowIso, type ServiceContext } from '../context.js';
import { notFound } from '../errors.js';
import { loadOrganizationToChange } from './manage-organizations.js';

export interface SiteChanges {
  name?: string | undefined;
  address?: string | null | undefined;
  accessNotes?: string | null | undefined;
  hours?: string | null | undefined;
}

/** Empty text is no text: a cleared field is stored as null, not as "". */
function textOrNull(value: string | null | undefined): string | null | undefined {
  if (value === undefined) return undefined;
  return value?.trim() || null;
}

/** Changes a site of an organisation (its name, address, access notes, hours); a site of another organisation is not found. */
export async function changeSite(
  context: ServiceContext,
  actor: Actor,
  organizationId: string,
  siteId: string,
  changes: SiteChanges,
): Promise<SiteRow> {
  const at = nowIso(context);
  return context.storage.transaction(async (trx) => {
    await loadOrganizationToChange(trx, actor, organizationId);
    const before = await findSiteById(trx, siteId);
    if (!before || before.organization_id !== organizationId) throw notFound('site', siteId);
    await updateSite(trx, siteId, {
      ...(changes.name !== undefined ? { name: changes.name.trim() } : {}),
      ...(changes.address !== undefined ? { address: textOrNull(changes.address) } : {}),
      ...(changes.accessNotes !== undefined ? { access_notes: textOrNull(changes.accessNotes) } : {}),
      ...(changes.hours !== undefined ? { hours: textOrNull(changes.hours) } : {}),
      updated_at: at,
    });
    const after = (await findSiteById(trx, siteId))!;
    await recordChangeBy(trx, actor, at, 'site.updated', ['organization', organizationId], { before, after });
    return after;
  });
}
