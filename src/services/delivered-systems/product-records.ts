import type { Executor } from '../../storage/db.js';
import { findAssetBySerial, findExistingSerials, serialKey, type NewAsset } from '../../storage/repositories/assets.js';
import { findOrganizationById, listSites, type OrganizationRow } from '../../storage/repositories/organizations.js';
import { findVendorById, type VendorRow } from '../../storage/repositories/vendors.js';
import { newId } from '../context.js';
import { conflict, invalid } from '../errors.js';

/** A configuration item as entered: on a configuration record, on its own, or replacing an exchanged product. */
export interface ProductInput {
  vendorId: string;
  model: string;
  serialNumber: string;
  softwareVersion?: string | null | undefined;
  site?: string | null | undefined;
  notes?: string | null | undefined;
}

/** Serial numbers are compared as typed, without surrounding blanks: "FOC123 " and "FOC123" are one product. */
export function normalizeSerial(serialNumber: string): string {
  return serialNumber.trim();
}

/**
 * Refuses serial numbers already on record (409 naming the existing product, so the user can open it) or given
 * twice in one request. `fieldOf` names the input at fault.
 */
export async function assertSerialsFree(executor: Executor, serials: string[], fieldOf: (index: number) => string): Promise<void> {
  const seen = new Map<string, number>();
  serials.forEach((serial, index) => {
    if (seen.has(serialKey(serial))) throw invalid('errors.serialRepeated', fieldOf(index), { serialNumber: serial });
    seen.set(serialKey(serial), index);
  });
  const existing = await findExistingSerials(executor, serials);
  const taken = serials.findIndex((serial) => existing.has(serialKey(serial)));
  if (taken >= 0) await throwSerialTaken(executor, serials[taken]!, fieldOf(taken));
}

export async function throwSerialTaken(executor: Executor, serialNumber: string, field: string): Promise<never> {
  const holder = await findAssetBySerial(executor, serialNumber);
  throw conflict('errors.serialTaken', { serialNumber, assetId: holder?.id ?? '?', model: holder?.model ?? '?' }, field, {
    existing: holder
      ? {
          id: holder.id,
          serialNumber: holder.serial_number,
          model: holder.model,
          organizationId: holder.organization_id,
          projectId: holder.project_id,
        }
      : null,
  });
}

/** The vendors named for new products must be on record and not retired (a retired vendor stays on its old products). */
export async function assertVendorsExist(executor: Executor, vendorIds: string[], fieldOf: (index: number) => string): Promise<void> {
  const checked = new Map<string, VendorRow | undefined>();
  for (const [index, vendorId] of vendorIds.entries()) {
    if (!checked.has(vendorId)) checked.set(vendorId, await findVendorById(executor, vendorId));
    const vendor = checked.get(vendorId);
    if (!vendor) throw invalid('errors.unknownReference', fieldOf(index), { entity: 'vendor', id: vendorId });
    if (vendor.retired_at !== null) throw invalid('errors.vendorRetired', fieldOf(index), { name: vendor.name });
  }
}

/**
 * The customer new records are added for: on record (400 naming it otherwise) and not retired (a retired customer
 * keeps its products, projects and contracts but takes no new ones until it is reactivated).
 */
export async function customerTakingRecords(executor: Executor, organizationId: string, field: string): Promise<OrganizationRow> {
  const organization = await findOrganizationById(executor, organizationId);
  if (!organization) throw invalid('errors.unknownReference', field, { entity: 'organization', id: organizationId });
  if (organization.retired_at !== null) throw invalid('errors.customerRetiredForRecords', field, { name: organization.name });
  return organization;
}

/**
 * The sites named for products are never retired ones; with `mustBeOnRecord` (a product moved), each must be one of
 * the customer's sites when the customer has sites on record.
 */
export async function checkProductSites(
  executor: Executor,
  organizationId: string,
  sites: (string | null)[],
  fieldOf: (index: number) => string,
  mustBeOnRecord = false,
): Promise<void> {
  if (sites.every((site) => site === null)) return;
  const known = await listSites(executor, organizationId);
  for (const [index, site] of sites.entries()) {
    if (site === null) continue;
    const named = known.find((candidate) => candidate.name === site);
    if (named?.retired_at) throw invalid('errors.siteRetired', fieldOf(index), { site });
    if (mustBeOnRecord && known.length > 0 && !named) throw invalid('errors.siteNotOfCustomer', fieldOf(index), { site });
  }
}

export function productRow(input: ProductInput, owner: { organizationId: string; projectId: string | null }, at: string): NewAsset {
  return {
    id: newId(),
    organization_id: owner.organizationId,
    project_id: owner.projectId,
    vendor_id: input.vendorId,
    model: input.model.trim(),
    serial_number: normalizeSerial(input.serialNumber),
    software_version: input.softwareVersion?.trim() || null,
    site: input.site?.trim() || null,
    notes: input.notes ?? null,
    status: 'in-service',
    replaces_asset_id: null,
    replaced_by_asset_id: null,
    created_at: at,
    updated_at: at,
  };
}
