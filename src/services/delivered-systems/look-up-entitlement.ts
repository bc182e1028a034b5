import { listAssets, serialKey } from '../../storage/repositories/assets.js';
import type { Actor } from '../../domain/access/permissions.js';
import { assetStatusOf, type AssetStatus } from '../../domain/entitlement/product-status.js';
import { contractCoverage, coveredThrough, guaranteeActive } from '../../domain/entitlement/coverage.js';
import { decideEntitlement, decideOrganizationEntitlement, type EntitlementDecision } from '../../domain/entitlement/entitlement.js';
import { findOrganizationById } from '../../storage/repositories/organizations.js';
import { listContractsOfOrganization } from '../../storage/repositories/contracts.js';
import { listProjects } from '../../storage/repositories/projects.js';
import type { ServiceContext } from '../context.js';
import { notFound, ServiceError } from '../errors.js';
import { contractPeriodOf, loadEntitlementFacts, parseServices, wholeOrganizationContracts } from './entitlement-facts.js';
import { mayLookUpEntitlement } from '../../domain/access/policies/entitlements.js';
import { normalizeSerial } from './product-records.js';
import { companyToday } from './support/company-today.js';

export interface ProductEntitlement extends EntitlementDecision {
  assetId: string;
  organizationId: string;
  vendorId: string;
  projectId: string | null;
}

/**
 * The entitlement of a product on a day (today unless asked): shown the moment a serial number is entered.
 * An unknown serial number — or one of another organisation, for a customer — is a 404.
 */
export async function entitlementForSerial(
  context: ServiceContext,
  actor: Actor,
  serial: string,
  on?: string,
): Promise<ProductEntitlement> {
  const typed = normalizeSerial(serial);
  const facts = (await loadEntitlementFacts(context.storage.db, [typed])).get(serialKey(typed));
  if (!facts || !mayLookUpEntitlement(actor, { organizationId: facts.organizationId })) {
    throw new ServiceError('not-found', 'errors.serialNotFound', { serialNumber: typed }, 'serial');
  }
  const decision = decideEntitlement({
    on: on ?? (await companyToday(context, context.storage.db)),
    // The product's own spelling, however the caller typed it.
    serialNumber: facts.product.serialNumber,
    product: facts.product,
    contracts: facts.contracts,
  });
  return {
    ...decision,
    assetId: facts.assetId,
    organizationId: facts.organizationId,
    vendorId: facts.vendorId,
    projectId: facts.projectId,
  };
}

export interface OrganizationEntitlement {
  organizationId: string;
  decidedOn: string;
  /** Decided only when a contract covers the whole organisation; otherwise it depends on the product. */
  decision: EntitlementDecision | null;
  contractsInForce: {
    id: string;
    number: string;
    startsAt: string;
    endsAt: string;
    services: string[];
    coversWholeOrganization: boolean;
  }[];
  projectsInGuarantee: { id: string; name: string; guaranteeEndsAt: string }[];
}

/** What an organisation is entitled to on a day: its contracts in force and its projects still in guarantee. */
export async function entitlementForOrganization(
  context: ServiceContext,
  actor: Actor,
  organizationId: string,
  on?: string,
): Promise<OrganizationEntitlement> {
  const db = context.storage.db;
  if (!mayLookUpEntitlement(actor, { organizationId }) || !(await findOrganizationById(db, organizationId)))
    throw notFound('organization', organizationId);
  const decidedOn = on ?? (await companyToday(context, db));
  const contracts = await listContractsOfOrganization(db, organizationId);
  const inForce = contracts.filter((contract) => contractCoverage(contractPeriodOf(contract), decidedOn).inForce);
  const projects: { id: string; name: string; guaranteeEndsAt: string }[] = [];
  let afterId: string | undefined;
  // An organisation has tens of projects, not thousands; page through them all the same.
  for (;;) {
    const page = await listProjects(db, { organizationId, ...(afterId ? { afterId } : {}), limit: 500 });
    for (const project of page.slice(0, 500)) {
      if (guaranteeActive(project.guarantee_ends_at, decidedOn))
        projects.push({ id: project.id, name: project.name, guaranteeEndsAt: project.guarantee_ends_at });
    }
    if (page.length <= 500) break;
    afterId = page[499]!.id;
  }
  return {
    organizationId,
    decidedOn,
    decision: decideOrganizationEntitlement({ on: decidedOn, contracts: wholeOrganizationContracts(contracts) }),
    contractsInForce: inForce.map((contract) => ({
      id: contract.id,
      number: contract.number,
      startsAt: contract.starts_at,
      endsAt: coveredThrough(contractPeriodOf(contract)),
      services: parseServices(contract.services_json),
      coversWholeOrganization: contract.covers_whole_organization === 1,
    })),
    projectsInGuarantee: projects,
  };
}

/** A product of an organisation with its entitlement today: one line of the hotline's product list. */
export interface ProductOfOrganization extends ProductEntitlement {
  serialNumber: string;
  model: string;
  site: string | null;
  status: AssetStatus;
}

/** More than a hotline list can show; a caller naming another product has its serial number typed. */
export const PRODUCT_LIST_LIMIT = 200;

/**
 * An organisation's products, each with its entitlement on a day (today unless asked): in service first, by site,
 * model and serial number. `truncated` says the organisation has more than `limit`.
 */
export async function entitlementsOfProducts(
  context: ServiceContext,
  actor: Actor,
  organizationId: string,
  options: { on?: string | undefined; limit?: number | undefined } = {},
): Promise<{ items: ProductOfOrganization[]; truncated: boolean }> {
  const db = context.storage.db;
  if (!mayLookUpEntitlement(actor, { organizationId }) || !(await findOrganizationById(db, organizationId)))
    throw notFound('organization', organizationId);
  const limit = options.limit ?? PRODUCT_LIST_LIMIT;
  const [rows, on] = await Promise.all([listAssets(db, { organizationId, limit }), options.on ?? companyToday(context, db)]);
  const assets = rows.slice(0, limit);
  const facts =
    assets.length > 0
      ? await loadEntitlementFacts(
          db,
          assets.map((asset) => asset.serial_number),
        )
      : new Map();
  const items: ProductOfOrganization[] = [];
  for (const asset of assets) {
    const found = facts.get(serialKey(asset.serial_number));
    if (!found) continue;
    const decision = decideEntitlement({ on, serialNumber: asset.serial_number, product: found.product, contracts: found.contracts });
    items.push({
      ...decision,
      serialNumber: asset.serial_number,
      assetId: asset.id,
      organizationId: asset.organization_id,
      vendorId: asset.vendor_id,
      projectId: asset.project_id,
      model: asset.model,
      site: asset.site,
      status: assetStatusOf(asset.status),
    });
  }
  const outOfService = (item: ProductOfOrganization) => Number(item.status !== 'in-service');
  items.sort(
    (a, b) =>
      outOfService(a) - outOfService(b) ||
      (a.site ?? '').localeCompare(b.site ?? '') ||
      a.model.localeCompare(b.model) ||
      a.serialNumber.localeCompare(b.serialNumber),
  );
  return { items, truncated: rows.length > limit };
}
