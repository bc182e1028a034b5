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
import { findOrganizationById } from '../../storage/repositories/organizations.js';
import { toPage, type Page } from '../../storage/repositories/pagination.js';
import { findProjectById } from '../../storage/repositories/projects.js';
import { recordChange } from '../audit.js';
import { nowIso, type ServiceContext } from '../context.js';
import { forbidden, invalid, notFound } from '../errors.js';
import { cursorId } from '../people/manage-users.js';
import { organizationScope } from '../../domain/access/organization-scope.js';
import { mayChangeAsset, mayCreateAsset, mayListCaseInProductHistory, mayReadAsset } from '../../domain/access/policies/assets.js';
import {
  assertSerialsFree,
  assertVendorsExist,
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
      await assertVendorsExist(trx, [input.vendorId], () => 'vendorId');
      await assertSerialsFree(trx, [serialNumber], () => 'serialNumber');
      const row = productRow(input, owner, at);
      await insertAsset(trx, row);
      const created = (await findAssetById(trx, row.id))!;
      await recordChange(trx, {
        at,
        actorUserId: actor.userId,
        action: 'asset.created',
        entityType: 'asset',
        entityId: row.id,
        after: created,
      });
      return created;
    });
  } catch (error) {
    if (isUniqueViolation(error)) return throwSerialTaken(context.storage.db, serialNumber, 'serialNumber');
    throw error;
  }
}

export async function changeAsset(
  context: ServiceContext,
  actor: Actor,
  id: string,
  changes: Partial<ProductInput> & { projectId?: string | null | undefined },
): Promise<AssetRow> {
  const at = nowIso(context);
  const serialNumber = changes.serialNumber !== undefined ? normalizeSerial(changes.serialNumber) : undefined;
  try {
    return await context.storage.transaction(async (trx) => {
      const before = await loadAssetFor(trx, actor, id, 'change');
      if (changes.vendorId !== undefined) await assertVendorsExist(trx, [changes.vendorId], () => 'vendorId');
      if (serialNumber !== undefined && serialNumber !== before.serial_number)
        await assertSerialsFree(trx, [serialNumber], () => 'serialNumber');
      if (changes.projectId) {
        const owner = await ownerOf(trx, { organizationId: before.organization_id, projectId: changes.projectId });
        if (owner.organizationId !== before.organization_id)
          throw invalid('errors.notOfOrganization', 'projectId', { entity: 'project', id: changes.projectId });
      }
      await updateAsset(trx, id, {
        ...(changes.vendorId !== undefined ? { vendor_id: changes.vendorId } : {}),
        ...(changes.model !== undefined ? { model: changes.model.trim() } : {}),
        ...(serialNumber !== undefined ? { serial_number: serialNumber } : {}),
        ...(changes.softwareVersion !== undefined ? { software_version: changes.softwareVersion?.trim() || null } : {}),
        ...(changes.site !== undefined ? { site: changes.site?.trim() || null } : {}),
        ...(changes.notes !== undefined ? { notes: changes.notes } : {}),
        ...(changes.projectId !== undefined ? { project_id: changes.projectId } : {}),
        updated_at: at,
      });
      const after = (await findAssetById(trx, id))!;
      await recordChange(trx, { at, actorUserId: actor.userId, action: 'asset.updated', entityType: 'asset', entityId: id, before, after });
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
  const afterId = cursorId(query.cursor);
  const rows = await listAssets(context.storage.db, {
    ...scope,
    ...(query.projectId ? { projectId: query.projectId } : {}),
    ...(query.serial ? { serialNumber: normalizeSerial(query.serial) } : {}),
    ...(query.vendorId ? { vendorId: query.vendorId } : {}),
    ...(query.text ? { text: query.text } : {}),
    ...(afterId ? { afterId } : {}),
    limit: query.limit,
  });
  return toPage(
    rows,
    query.limit,
    (row) => row,
    (row) => [row.id],
  );
}

export interface ProductHistory {
  asset: AssetRow;
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
  return { asset, cases, exchanges: await listExchangesOfAsset(db, asset.id) };
}
