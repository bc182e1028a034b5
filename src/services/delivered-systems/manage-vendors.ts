import type { Actor } from '../../domain/access/permissions.js';
import type { Page } from '../../storage/repositories/pagination.js';
import {
  findVendorById,
  insertVendor,
  listVendors,
  updateVendor,
  vendorNameKey,
  type VendorRow,
} from '../../storage/repositories/vendors.js';
import { recordChangeBy } from '../audit.js';
import { parsePhoneNumber } from '../../domain/contacts/phone-numbers.js';
import { defaultCountryOf, newId, nowIso, type ServiceContext } from '../context.js';
import { conflict, conflictIfTaken, forbidden, invalid, notFound } from '../errors.js';
import { pageById } from '../paging.js';
import { mayManageVendors, mayReadVendors, mayRetireVendor } from '../../domain/access/policies/vendors.js';

export interface SupportCenterInput {
  name: string;
  phone?: string | null | undefined;
  email?: string | null | undefined;
  url?: string | null | undefined;
  /** The company's support contract number with the vendor, quoted to its support center in the vendor report. */
  contractNumber?: string | null | undefined;
}

export interface VendorInput {
  name: string;
  supportCenter: SupportCenterInput;
}

/** A support center's number is stored in E.164; one without a country code is read in the server's default country. */
function supportCenterColumns(context: ServiceContext, center: SupportCenterInput) {
  const typed = center.phone?.trim() || null;
  const country = defaultCountryOf(context);
  const phone = typed ? parsePhoneNumber(typed, country) : null;
  if (typed && !phone) throw invalid('errors.phoneInvalid', 'supportCenter.phone', { value: typed, country });
  return {
    support_center_name: center.name.trim(),
    support_center_phone: phone?.e164 ?? null,
    support_center_email: center.email?.trim() || null,
    support_center_url: center.url?.trim() || null,
    support_contract_number: center.contractNumber?.trim() || null,
  };
}

export async function createVendor(context: ServiceContext, actor: Actor, input: VendorInput): Promise<VendorRow> {
  if (!mayManageVendors(actor)) throw forbidden();
  const at = nowIso(context);
  const id = newId();
  return conflictIfTaken(
    context.storage.transaction(async (trx) => {
      await insertVendor(trx, {
        id,
        name: input.name.trim(),
        name_key: vendorNameKey(input.name),
        ...supportCenterColumns(context, input.supportCenter),
        created_at: at,
        updated_at: at,
      });
      const created = (await findVendorById(trx, id))!;
      await recordChangeBy(trx, actor, at, 'vendor.created', ['vendor', id], { after: created });
      return created;
    }),
    () => conflict('errors.vendorNameTaken', { name: input.name.trim() }, 'name'),
  );
}

export async function changeVendor(context: ServiceContext, actor: Actor, id: string, changes: Partial<VendorInput>): Promise<VendorRow> {
  if (!mayManageVendors(actor)) throw forbidden();
  const at = nowIso(context);
  return conflictIfTaken(
    context.storage.transaction(async (trx) => {
      const before = await findVendorById(trx, id);
      if (!before) throw notFound('vendor', id);
      await updateVendor(trx, id, {
        ...(changes.name !== undefined ? { name: changes.name.trim(), name_key: vendorNameKey(changes.name) } : {}),
        ...(changes.supportCenter !== undefined ? supportCenterColumns(context, changes.supportCenter) : {}),
        updated_at: at,
      });
      const after = (await findVendorById(trx, id))!;
      await recordChangeBy(trx, actor, at, 'vendor.updated', ['vendor', id], { before, after });
      return after;
    }),
    () => conflict('errors.vendorNameTaken', { name: changes.name?.trim() ?? '' }, 'name'),
  );
}

/**
 * Retires a vendor the company no longer deals with (`retired: true`) or brings it back: a retired vendor stays on its
 * products and open escalations but is not offered for new products, nor escalated to on new vendor escalations.
 */
export async function setVendorRetired(context: ServiceContext, actor: Actor, id: string, retired: boolean): Promise<VendorRow> {
  if (!mayRetireVendor(actor)) throw forbidden();
  const at = nowIso(context);
  return context.storage.transaction(async (trx) => {
    const before = await findVendorById(trx, id);
    if (!before) throw notFound('vendor', id);
    if (retired && before.retired_at !== null) throw conflict('errors.vendorRetiredAlready', { name: before.name }, 'status');
    if (!retired && before.retired_at === null) throw conflict('errors.vendorNotRetired', { name: before.name }, 'status');
    await updateVendor(trx, id, { retired_at: retired ? at : null, updated_at: at });
    const after = (await findVendorById(trx, id))!;
    await recordChangeBy(trx, actor, at, retired ? 'vendor.retired' : 'vendor.reactivated', ['vendor', id], { before, after });
    return after;
  });
}

export async function getVendor(context: ServiceContext, actor: Actor, id: string): Promise<VendorRow> {
  if (!mayReadVendors(actor)) throw forbidden();
  const vendor = await findVendorById(context.storage.db, id);
  if (!vendor) throw notFound('vendor', id);
  return vendor;
}

export async function listVendorsPage(
  context: ServiceContext,
  actor: Actor,
  query: { text?: string | undefined; includeRetired?: boolean | undefined; cursor?: string | undefined; limit: number },
): Promise<Page<VendorRow>> {
  if (!mayReadVendors(actor)) throw forbidden();
  return pageById(query, (page) =>
    listVendors(context.storage.db, {
      ...(query.text ? { text: query.text } : {}),
      ...(query.includeRetired ? { includeRetired: true } : {}),
      ...page,
    }),
  );
}
