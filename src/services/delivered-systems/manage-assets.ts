import type { Actor } from '../../domain/access/permissions.js';
import { isUniqueViolation, type Executor } from '../../storage/db.js';
import {
  findAssetById,
  insertAsset,
  listAssets,
  listCasesOfSerial,
  listExchangesOfAsset,
  updateAsset,
  type AssetRow,
  type CaseExchangeRow,
  type ProductCaseRow,
} from '../../storage/repositories/assets.js';
import { listAuditEntries, type AuditRow } from '../../storage/repositories/audit-log.js';
import { findOrganizationById } from '../../storage/repositories/organizations.js';
import type { Page } from '../../storage/repositories/pagination.js';
import { findProjectById } from '../../storage/repositories/projects.js';
import { recordChangeBy } from '../audit.js';
import { nowIso, type ServiceContext } from '../context.js';
import { conflict, forbidden, invalid, notFound } from '../errors.js';
import { pageById } from '../paging.js';
import { organizationScope } from '../../domain/access/organization-scope.js';
import { mayChangeAsset, mayCreateAsset, mayListCaseInProductHistory, mayReadAsset } from '../../domain/access/policies/assets.js';
import { assetStatusOf, mayChangeAssetStatus, type SettableAssetStatus } from '../../domain/entitlement/product-status.js';
import {
  assertSerialsFree,
  assertVendorsExist,
  checkProductSites,
  customerTakingRecords,
  normalizeSerial,
  productRow,
  throwSerialTaken,
  type ProductInput,
} from './product-records.js';

export interface AssetInput extends ProductInput {
  organizationId?: string | undefined;
  projectId?: string | null | undefined;
}

/** The organisation and project a product belongs to: the project's organisation when a project is named. */
async function ownerOf(executor: Executor, input: { organizationId?: string | undefined; projectId?: string | null | undefined }) {
  if (input.projectId) {
    const project = await findProjectById(executor, input.projectId);
    if (!project) throw invalid('errors.unknownReference', 'projectId', { entity: 'project', id: input.projectId });
    if (input.organizationId && input.organizationId !== project.organization_id) {
      throw invalid('errors.notOfOrganization', 'projectId', { entity: 'project', id: input.projectId });
    }
    if (project.retired_at !== null) throw invalid('errors.projectRetired', 'projectId', { name: project.name });
    return { organizationId: project.organization_id, projectId: project.id };
  }
  if (!input.organizationId) throw invalid('errors.productNeedsOrganization', 'organizationId');
  if (!(await findOrganizationById(executor, input.organizationId))) {
    throw invalid('errors.unknownReference', 'organizationId', { entity: 'organization', id: input.organizationId });
  }
  return { organizationId: input.organizationId, projectId: null };
}

/** Adds a product (configuration item); its serial number must be new to the system. */
export async function createAsset(context: ServiceContext, actor: Actor, input: AssetInput): Promise<AssetRow> {
  const at = nowIso(context);
  const serialNumber = normalizeSerial(input.serialNumber);
  try {
    return await context.storage.transaction(async (trx) => {
      const owner = await ownerOf(trx, input);
      if (!mayCreateAsset(actor, owner)) throw forbidden();
      // A retired customer takes no new product, whether it is named or reached through one of its projects.
      await customerTakingRecords(trx, owner.organizationId, input.organizationId ? 'organizationId' : 'projectId');
      await assertVendorsExist(trx, [input.vendorId], () => 'vendorId');
      await assertSerialsFree(trx, [serialNumber], () => 'serialNumber');
      await checkSite(trx, owner.organizationId, input.site?.trim() || null, false);
      const row = productRow(input, owner, at);
      await insertAsset(trx, row);
      const created = (await findAssetById(trx, row.id))!;
      await recordChangeBy(trx, actor, at, 'asset.created', ['asset', row.id], { after: created });
      return created;
    });
  } catch (error) {
    if (isUniqueViolation(error)) return throwSerialTaken(context.storage.db, serialNumber, 'serialNumber');
    throw error;
  }
}

export type AssetChanges = Partial<ProductInput> & {
  projectId?: string | null | undefined;
  status?: SettableAssetStatus | undefined;
};

/** What a change did, for the product's history: a move to another site and a retirement are told apart from edits. */
function changeAction(before: AssetRow, after: AssetRow): string {
  if (before.status !== after.status) return after.status === 'retired' ? 'asset.retired' : 'asset.reactivated';
  if (before.site !== after.site) return 'asset.moved';
  return 'asset.updated';
}

/** The site of a product: see `checkProductSites`. */
async function checkSite(executor: Executor, organizationId: string, site: string | null, mustBeOnRecord: boolean): Promise<void> {
  await checkProductSites(executor, organizationId, [site], () => 'site', mustBeOnRecord);
}

/**
 * Edits a product: its record (vendor, model, serial, software, notes), its place (site, project) and whether it is in
 * service. Moves and retirements are written to the audit log under their own names, which the product's history reads.
 */
export async function changeAsset(context: ServiceContext, actor: Actor, id: string, changes: AssetChanges): Promise<AssetRow> {
  const at = nowIso(context);
  const serialNumber = changes.serialNumber !== undefined ? normalizeSerial(changes.serialNumber) : undefined;
  const site = changes.site !== undefined ? changes.site?.trim() || null : undefined;
  try {
    return await context.storage.transaction(async (trx) => {
      const before = await loadAssetFor(trx, actor, id, 'change');
      if (changes.vendorId !== undefined && changes.vendorId !== before.vendor_id)
        await assertVendorsExist(trx, [changes.vendorId], () => 'vendorId');
      if (serialNumber !== undefined && serialNumber !== before.serial_number)
        await assertSerialsFree(trx, [serialNumber], () => 'serialNumber');
      if (changes.projectId && changes.projectId !== before.project_id) {
        const owner = await ownerOf(trx, { organizationId: before.organization_id, projectId: changes.projectId });
        if (owner.organizationId !== before.organization_id)
          throw invalid('errors.notOfOrganization', 'projectId', { entity: 'project', id: changes.projectId });
      }
      if (site !== undefined && site !== before.site) await checkSite(trx, before.organization_id, site, true);
      if (changes.status !== undefined && changes.status !== before.status && !mayChangeAssetStatus(assetStatusOf(before.status))) {
        throw conflict('errors.productAlreadyExchanged', { serialNumber: before.serial_number }, 'status');
      }
      await updateAsset(trx, id, {
        ...(changes.vendorId !== undefined ? { vendor_id: changes.vendorId } : {}),
        ...(changes.model !== undefined ? { model: changes.model.trim() } : {}),
        ...(serialNumber !== undefined ? { serial_number: serialNumber } : {}),
        ...(changes.softwareVersion !== undefined ? { software_version: changes.softwareVersion?.trim() || null } : {}),
        ...(site !== undefined ? { site } : {}),
        ...(changes.notes !== undefined ? { notes: changes.notes } : {}),
        ...(changes.projectId !== undefined ? { project_id: changes.projectId } : {}),
        ...(changes.status !== undefined ? { status: changes.status } : {}),
        updated_at: at,
      });
      const after = (await findAssetById(trx, id))!;
      await recordChangeBy(trx, actor, at, changeAction(before, after), ['asset', id], { before, after });
      return after;
    });
  } catch (error) {
    if (isUniqueViolation(error) && serialNumber !== undefined) return throwSerialTaken(context.storage.db, serialNumber, 'serialNumber');
    throw error;
  }
}

/**
 * A product the actor may see (and, for `change`, change); to a customer another organisation's product does not
 * exist, and one they may see but not change is forbidden.
 */
export async function loadAssetFor(executor: Executor, actor: Actor, id: string, intent: 'read' | 'change' = 'read'): Promise<AssetRow> {
  const asset = await findAssetById(executor, id);
  if (!asset || !mayReadAsset(actor, { organizationId: asset.organization_id })) throw notFound('asset', id);
  if (intent === 'change' && !mayChangeAsset(actor, { organizationId: asset.organization_id })) throw forbidden();
  return asset;
}

export async function getAsset(context: ServiceContext, actor: Actor, id: string): Promise<AssetRow> {
  return loadAssetFor(context.storage.db, actor, id);
}

export async function listAssetsPage(
  context: ServiceContext,
  actor: Actor,
  query: {
    organizationId?: string | undefined;
    projectId?: string | undefined;
    serial?: string | undefined;
    vendorId?: string | undefined;
    text?: string | undefined;
    cursor?: string | undefined;
    limit: number;
  },
): Promise<Page<AssetRow>> {
  const scope = organizationScope(actor, query.organizationId);
  if (!scope) return { items: [], nextCursor: null };
  return pageById(query, (page) =>
    listAssets(context.storage.db, {
      ...scope,
      ...(query.projectId ? { projectId: query.projectId } : {}),
      ...(query.serial ? { serialNumber: normalizeSerial(query.serial) } : {}),
      ...(query.vendorId ? { vendorId: query.vendorId } : {}),
      ...(query.text ? { text: query.text } : {}),
      ...page,
    }),
  );
}

/** One entry of a product's own record: when it was recorded, edited, moved, retired or reactivated, and by whom. */
export interface ProductChange {
  at: string;
  actorUserId: string | null;
  kind: 'created' | 'updated' | 'moved' | 'retired' | 'reactivated';
  fromSite: string | null;
  toSite: string | null;
}

export interface ProductHistory {
  asset: AssetRow;
  /** The product's own changes, newest first. */
  changes: ProductChange[];
  /** Cases that named this serial number (for a customer: only their organisation's, which are all of them). */
  cases: ProductCaseRow[];
  /** Exchanges the product took part in, as the product taken out or the one put in. */
  exchanges: CaseExchangeRow[];
}

/** The full case history of a product: every case that named it, and its exchanges. */
export async function productHistory(context: ServiceContext, actor: Actor, id: string): Promise<ProductHistory> {
  const db = context.storage.db;
  const asset = await loadAssetFor(db, actor, id);
  const cases = (await listCasesOfSerial(db, asset.serial_number)).filter((row) =>
    mayListCaseInProductHistory(actor, { organizationId: row.organization_id }),
  );
  const audit = await listAuditEntries(db, { entityType: 'asset', entityId: asset.id, limit: 200 });
  const changes = audit.flatMap(productChange);
  // A product recorded with its project (or by an import) has no entry of its own: its row says when it was recorded.
  if (!changes.some((change) => change.kind === 'created')) {
    changes.push({ at: asset.created_at, actorUserId: null, kind: 'created', fromSite: null, toSite: null });
  }
  return { asset, changes, cases, exchanges: await listExchangesOfAsset(db, asset.id) };
}

const CHANGE_KINDS: Record<string, ProductChange['kind']> = {
  'asset.created': 'created',
  'asset.updated': 'updated',
  'asset.moved': 'moved',
  'asset.retired': 'retired',
  'asset.reactivated': 'reactivated',
};

/** The site a stored snapshot of the product names (snapshots are the rows as they were). */
function siteIn(json: string | null): string | null {
  if (!json) return null;
  const parsed: unknown = JSON.parse(json);
  if (parsed && typeof parsed === 'object' && 'site' in parsed && typeof parsed.site === 'string') return parsed.site;
  return null;
}

function productChange(row: AuditRow): ProductChange[] {
  const kind = CHANGE_KINDS[row.action];
  if (!kind) return [];
  return [{ at: row.at, actorUserId: row.actor_user_id, kind, fromSite: siteIn(row.before_json), toSite: siteIn(row.after_json) }];
}
